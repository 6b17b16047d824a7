package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.EventFormatException;

/**
 * Reads Prophesee EVT 3.0 RAW: {@code %} header, then little-endian 16-bit words, type in bits 15-12,
 * decoded as a state machine:
 * <ul>
 * <li>{@code 0x0} EVT_ADDR_Y: y = bits 10-0 (bit 11 = system type, ignored)</li>
 * <li>{@code 0x2} EVT_ADDR_X: one event at x = bits 10-0, polarity bit 11</li>
 * <li>{@code 0x3} VECT_BASE_X: base x = bits 10-0, polarity bit 11</li>
 * <li>{@code 0x4} VECT_12 / {@code 0x5} VECT_8: one event at base x + i for each set bit i of the
 *     12- / 8-bit mask, then base x advances by 12 / 8</li>
 * <li>{@code 0x6} EVT_TIME_LOW: time bits 11-0; {@code 0x8} EVT_TIME_HIGH: time bits 23-12. A time
 *     high smaller than the previous one means the 24-bit counter wrapped: 2<sup>24</sup> µs is added</li>
 * <li>{@code 0x7} CONTINUED_4, {@code 0xA} EXT_TRIGGER, {@code 0xE} OTHERS, {@code 0xF} CONTINUED_12:
 *     skipped and counted</li>
 * </ul>
 *
 * <p>Decoding is optimistic: a fast loop takes the groups nearly every event comes in,
 * {@code [TIME_LOW] ADDR_Y ADDR_X} (in an inner loop of their own), {@code [TIME_LOW] ADDR_X} and
 * {@code [TIME_LOW] ADDR_Y VECT_BASE_X VECT_12/8}, one group per iteration, and notes rather than
 * reports an event outside the sensor; every other word goes one at a time through
 * {@link #decodeChecked}, the plain state machine with every check in place. When the fast loop
 * noted an event outside the sensor, the state is reset to the start of the buffer fill and
 * {@code decodeChecked} decodes it again, so errors name the same word, with the same message, as a
 * word-by-word decoder would. (See docs/events.md, "Decode throughput", for what was measured and
 * tried.)
 */
public final class Evt3Reader extends ChannelEventReader {

    private static final int MIN_ROOM = 12; // a VECT_12 word yields up to 12 events
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final ValueLayout.OfLong LONG_LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED;

    /**
     * For each 12-bit vector mask, the positions of its first eight set bits as eight 16-bit lanes
     * (entries 2m and 2m + 1), to be added to four copies of the base x and stored as four shorts
     * (lanes in the platform's order, as the array views store them).
     */
    private static final long[] FIRST8 = new long[2 << 12];

    static {
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int m = 0; m < 1 << 12; m++) {
            int j = 0;
            for (int mm = m; mm != 0 && j < 8; mm &= mm - 1, j++) {
                int lane = little ? j % 4 : 3 - j % 4;
                FIRST8[2 * m + j / 4] |= (long) Integer.numberOfTrailingZeros(mm) << 16 * lane;
            }
        }
    }

    private long loops;
    private int timeHigh = -1;
    private int timeLow;
    private int addrY;
    private int baseX;
    private int pol;

    /** Opens {@code file} and reads its header. */
    public Evt3Reader(Path file) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        super(EventFormat.EVT3, in, parseHeader(in, PropheseeHeader::readSensor));
    }

    @Override
    protected int room(EventBatch batch) {
        if (batch.capacity() < MIN_ROOM) {
            throw new IllegalArgumentException("EVT 3.0 needs batches of at least " + MIN_ROOM + " events");
        }
        return batch.capacity() - MIN_ROOM + 1;
    }

    @Override
    protected boolean refill() throws IOException {
        return request(2, "a 16-bit word");
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        // Words are read from the heap buffer's array (ChannelInput allocates a heap buffer).
        byte[] arr = b.array();
        int base = b.arrayOffset();
        int start = b.position();
        int pos = base + start;
        int end = pos + (b.remaining() & ~1);
        int n0 = n;
        long loops0 = loops;
        int timeHigh0 = timeHigh;
        int timeLow0 = timeLow;
        int addrY0 = addrY;
        int baseX0 = baseX;
        int pol0 = pol;
        long skipped0 = skipped;
        // Range check of a packed (x << 16 | y): adding c sets bit 31 when x >= w and bit 15 when
        // y >= h (x, y < 2^15; a limit above 2048 never fails for 11-bit fields, hence the min)
        int c = (0x8000 - Math.min(w, 2048)) << 16 | (0x8000 - Math.min(h, 2048));
        int bad = 0;
        long time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
        int yy = addrY;
        int last8 = end - 8;
        // views of the batch's x, y and p arrays for the vector fast path's 8-byte stores
        MemorySegment xs = MemorySegment.ofArray(x);
        MemorySegment ys = MemorySegment.ofArray(y);
        MemorySegment ps = MemorySegment.ofArray(p);
        while (pos < end && n < room) {
            // the fast loop may read 8 bytes at pos and emit 12 events per 2 bytes without checking
            int lim = Math.min(last8, pos + 2 * ((room - n) / MIN_ROOM - 1));
            if (pos <= lim) {
                // tl is 1 when the group at pos starts with a TIME_LOW: it is folded in by shift and
                // mask, not by a branch; the next group's tl is read from the words already loaded
                int tl = isTimeLow((char) (short) SHORT.get(arr, pos));
                while (pos <= lim) {
                    // A run of [TIME_LOW] ADDR_Y ADDR_X groups, one event per iteration, so the event
                    // index is the loop counter and the four stores need no bounds checks. A group
                    // takes at most 6 bytes, so pos stays within lim.
                    int k = Math.min(room - n, (lim - pos) / 6 + 1);
                    int i = 0;
                    for (; i < k; i++) {
                        long q = (long) LONG.get(arr, pos);
                        int sh = tl << 4;
                        int r = (int) (q >>> sh);
                        if ((r & 0xF000_F000) != 0x2000_0000) {
                            break;
                        }
                        int tw = -tl & 0xFFF;
                        time = time & ~tw | (int) q & tw;
                        int xy = r & 0x07FF_07FF;
                        bad |= xy + c;
                        t[n + i] = time;
                        x[n + i] = (short) (xy >>> 16);
                        y[n + i] = (short) xy;
                        p[n + i] = (byte) (r >>> 27 & 1);
                        pos += 4 + 2 * tl;
                        tl = isTimeLow((int) (q >>> 32 + sh)); // word 2 + tl
                    }
                    if (i > 0) {
                        n += i;
                        yy = y[n - 1];
                    }
                    if (pos > lim) {
                        break;
                    }
                    long q = (long) LONG.get(arr, pos);
                    int sh = tl << 4;
                    long r = q >>> sh;
                    int tw = -tl & 0xFFF;
                    if (((int) r & 0xF000) == 0x2000) { // [TIME_LOW] ADDR_X: one more event on the row
                        time = time & ~tw | (int) q & tw;
                        int xx = (int) r & 0x7FF;
                        bad |= (xx << 16 | yy) + c;
                        t[n] = time;
                        x[n] = (short) xx;
                        y[n] = (short) yy;
                        p[n] = (byte) ((int) r >>> 11 & 1);
                        n++;
                        pos += 2 + 2 * tl;
                        tl = isTimeLow((int) (q >>> 16 + sh)); // word 1 + tl
                        continue;
                    }
                    if ((r & 0xE000_F000_F000L) == 0x4000_3000_0000L) { // [TIME_LOW] ADDR_Y VECT_BASE_X VECT_12/8
                        time = time & ~tw | (int) q & tw;
                        yy = (int) r & 0x7FF;
                        int wb = (int) (r >>> 16);
                        int bx = wb & 0x7FF;
                        int pl = wb >>> 11 & 1;
                        int wv = (int) (r >>> 32);
                        int bits = 12 - (wv >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                        int mask = wv & ((1 << bits) - 1);
                        bad |= ((bx + 31 - Integer.numberOfLeadingZeros(mask)) << 16 | yy) + c;
                        int count = Integer.bitCount(mask);
                        if (count <= 8) {
                            // Eight slots whatever the count (room keeps 11 spare), so no branch on
                            // it; the slots past count are overwritten by the next events. x, y and
                            // p go as 8-byte stores: four x (base + bit positions from a table),
                            // four y, eight p at a time.
                            for (int j = 0; j < 8; j++) {
                                t[n + j] = time;
                            }
                            long bx4 = bx * 0x0001_0001_0001_0001L;
                            long y4 = yy * 0x0001_0001_0001_0001L;
                            long at = 2L * n;
                            xs.set(LONG_LAYOUT, at, bx4 + FIRST8[2 * mask]);
                            xs.set(LONG_LAYOUT, at + 8, bx4 + FIRST8[2 * mask + 1]);
                            ys.set(LONG_LAYOUT, at, y4);
                            ys.set(LONG_LAYOUT, at + 8, y4);
                            ps.set(LONG_LAYOUT, n, pl * 0x0101_0101_0101_0101L);
                            n += count;
                        } else {
                            n = vector(mask, bx, yy, pl, time, t, x, y, p, n);
                        }
                        baseX = bx + bits;
                        pol = pl;
                        pos += 6 + 2 * tl;
                        tl = isTimeLow((char) (short) SHORT.get(arr, Math.min(pos, lim)));
                        continue;
                    }
                    break;
                }
                if (pos > lim) {
                    continue; // stopped by the limit only: take a new one
                }
            }
            // any other word, or the last words of the buffer or the batch: one word, every check
            if ((bad & 0x8000_8000) != 0) {
                break;
            }
            timeLow = (int) time & 0xFFF;
            addrY = yy;
            b.position(pos - base);
            n = decodeChecked(t, x, y, p, n, room, w, h, pos + 2);
            pos = base + b.position();
            time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
            yy = addrY;
        }
        if ((bad & 0x8000_8000) != 0) {
            // an event outside the sensor: decode this buffer fill again from its start with every
            // check, which throws at the first bad word. (A false alarm, from an empty vector or one
            // reaching past x = 2047 on a sensor wider than 2048, only costs this slower decode.)
            loops = loops0;
            timeHigh = timeHigh0;
            timeLow = timeLow0;
            addrY = addrY0;
            baseX = baseX0;
            pol = pol0;
            skipped = skipped0;
            b.position(start);
            return decodeChecked(t, x, y, p, n0, room, w, h, end);
        }
        timeLow = (int) time & 0xFFF;
        addrY = yy;
        b.position(pos - base);
        return n;
    }

    /** 1 when the 16-bit word in the low bits of {@code word} is a TIME_LOW, else 0; no branch. */
    private static int isTimeLow(int word) {
        return ((word >>> 12 & 0xF ^ 0x6) - 1) >>> 31;
    }

    /** Stores the events of a vector {@code mask} with more than eight bits set; returns the new count. */
    private static int vector(int mask, int bx, int yy, int pl, long time, long[] t, short[] x, short[] y, byte[] p,
            int n) {
        for (int m = mask; m != 0; m &= m - 1) {
            t[n] = time;
            x[n] = (short) (bx + Integer.numberOfTrailingZeros(m));
            y[n] = (short) yy;
            p[n] = (byte) pl;
            n++;
        }
        return n;
    }

    /**
     * The reference decoder: one word at a time, every check in place, state in the fields. Decodes
     * from the buffer's position up to array index {@code stop} while fewer than {@code room} events
     * are stored, and leaves the position after the last word decoded.
     */
    private int decodeChecked(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h, int stop)
            throws IOException {
        ByteBuffer b = in.buffer();
        byte[] arr = b.array();
        int base = b.arrayOffset();
        int pos = base + b.position();
        int end = Math.min(stop, pos + (b.remaining() & ~1));
        long time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
        while (pos < end && n < room) {
            int word = (char) (short) SHORT.get(arr, pos);
            int v = word & 0xFFF;
            switch (word >>> 12) {
                case 0x0 -> addrY = v & 0x7FF;
                case 0x2 -> {
                    int xx = v & 0x7FF;
                    if (xx >= w || addrY >= h) {
                        throw outsideAt(pos, xx, addrY);
                    }
                    t[n] = time;
                    x[n] = (short) xx;
                    y[n] = (short) addrY;
                    p[n] = (byte) (v >>> 11);
                    n++;
                }
                case 0x3 -> {
                    baseX = v & 0x7FF;
                    pol = v >>> 11;
                }
                case 0x4, 0x5 -> {
                    int bits = 12 - (word >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                    for (int mask = v & ((1 << bits) - 1); mask != 0; mask &= mask - 1) {
                        int xx = baseX + Integer.numberOfTrailingZeros(mask);
                        if (xx >= w || addrY >= h) {
                            throw outsideAt(pos, xx, addrY);
                        }
                        t[n] = time;
                        x[n] = (short) xx;
                        y[n] = (short) addrY;
                        p[n] = (byte) pol;
                        n++;
                    }
                    baseX += bits;
                }
                case 0x6 -> time = time & ~0xFFFL | v;
                case 0x8 -> {
                    if (v < timeHigh) {
                        loops++;
                    }
                    timeHigh = v;
                    time = loops << 24 | (long) timeHigh << 12 | time & 0xFFF;
                }
                case 0x7, 0xA, 0xE, 0xF -> skipped++;
                default -> {
                    b.position(pos - base);
                    throw in.error(in.offset(), "unknown EVT 3.0 word type 0x" + Integer.toHexString(word >>> 12)
                            + " (expected 0x0, 0x2-0x8, 0xA, 0xE or 0xF)");
                }
            }
            pos += 2;
        }
        timeLow = (int) time & 0xFFF;
        b.position(pos - base);
        return n;
    }

    /** The error for an event at index {@code pos} of the buffer's array. */
    private EventFormatException outsideAt(int pos, int xx, int yy) {
        return outside(offsetOf(pos - in.buffer().arrayOffset()), xx, yy);
    }

    @Override
    protected EventFormatException outside(long at, int xx, int yy) {
        return in.error(at, "event (" + xx + ", " + yy + ") outside the declared sensor "
                + (sensor().isKnown() ? sensor().toString() : "16-bit range"));
    }
}
