package org.leinao.events.format.prophesee;

import java.io.IOException;
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
 */
public final class Evt3Reader extends ChannelEventReader {

    private static final int MIN_ROOM = 12; // a VECT_12 word yields up to 12 events
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        if (in.request(2)) {
            return true;
        }
        if (in.buffer().hasRemaining()) {
            throw in.error(in.offset(), "file ends inside a 16-bit word");
        }
        return false;
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        // Words are read from the heap buffer's array (ChannelInput allocates a heap buffer).
        byte[] arr = b.array();
        int base = b.arrayOffset();
        int pos = base + b.position();
        int end = pos + (b.remaining() & ~1);
        long time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
        int yy = addrY;
        int bx = baseX;
        int pl = pol;
        int last8 = end - 8;
        while (pos < end && n < room) {
            if (pos <= last8) {
                // Fast path for the group most events come in: [TIME_LOW] ADDR_Y ADDR_X. Four words are
                // read at once; an optional TIME_LOW is folded in without a branch (shift and mask), so
                // the only branch is "is this the common group", which the random word types do not
                // make unpredictable the way a switch on each word's type is.
                long q = (long) LONG.get(arr, pos);
                int w0 = (int) q & 0xFFFF;
                int tl = (w0 >>> 12) == 0x6 ? 16 : 0;
                long r = q >>> tl;
                if ((r & 0xF000_F000L) == 0x2000_0000L) {
                    long m = -(long) (tl >>> 4) & 0xFFF; // 0xFFF with a TIME_LOW, else 0
                    time = time & ~m | w0 & m;
                    yy = (int) r & 0x7FF;
                    int wx = (int) r >>> 16;
                    int xx = wx & 0x7FF;
                    pos += 2 + (tl >>> 3); // the ADDR_X word
                    if (xx >= w || yy >= h) {
                        throw outsideAt(pos, xx, yy);
                    }
                    t[n] = time;
                    x[n] = (short) xx;
                    y[n] = (short) yy;
                    p[n] = (byte) (wx >>> 11 & 1);
                    n++;
                    pos += 2;
                    continue;
                }
                if ((r & 0xF000_F000L) == 0x3000_0000L) {
                    // [TIME_LOW] ADDR_Y VECT_BASE_X starts a vector group: take the state here; the
                    // VECT word that follows is decoded below
                    long m = -(long) (tl >>> 4) & 0xFFF;
                    time = time & ~m | w0 & m;
                    yy = (int) r & 0x7FF;
                    int wb = (int) r >>> 16;
                    bx = wb & 0x7FF;
                    pl = wb >>> 11 & 1;
                    pos += 4 + (tl >>> 3);
                }
            }
            int word = (short) SHORT.get(arr, pos) & 0xFFFF;
            int v = word & 0xFFF;
            switch (word >>> 12) {
                case 0x0 -> {
                    yy = v & 0x7FF;
                    // ADDR_Y is nearly always followed by ADDR_X: emit it here, saving one dispatch
                    if (pos + 4 <= end) {
                        int nx = (short) SHORT.get(arr, pos + 2);
                        if ((nx & 0xF000) == 0x2000) {
                            pos += 2;
                            n = single(pos, nx, yy, time, w, h, t, x, y, p, n);
                        }
                    }
                }
                case 0x2 -> n = single(pos, word, yy, time, w, h, t, x, y, p, n);
                case 0x3 -> {
                    bx = v & 0x7FF;
                    pl = v >>> 11;
                }
                case 0x4, 0x5 -> {
                    int bits = 12 - (word >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                    int mask = v & ((1 << bits) - 1);
                    while (mask != 0) {
                        int i = Integer.numberOfTrailingZeros(mask);
                        mask &= mask - 1;
                        int xx = bx + i;
                        if (xx >= w || yy >= h) {
                            throw outsideAt(pos, xx, yy);
                        }
                        t[n] = time;
                        x[n] = (short) xx;
                        y[n] = (short) yy;
                        p[n] = (byte) pl;
                        n++;
                    }
                    bx += bits;
                }
                case 0x6 -> {
                    time = time & ~0xFFFL | v;
                    // TIME_LOW, ADDR_Y, ADDR_X is how most event groups start: decode the next two
                    // words here when they are that pair (one dispatch per event instead of three)
                    if (pos + 6 <= end) {
                        int pair = (int) INT.get(arr, pos + 2);
                        if ((pair & 0xF000F000) == 0x20000000) {
                            yy = pair & 0x7FF;
                            pos += 4;
                            n = single(pos, pair >>> 16, yy, time, w, h, t, x, y, p, n);
                        }
                    }
                }
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
        addrY = yy;
        baseX = bx;
        pol = pl;
        b.position(pos - base);
        return n;
    }

    /** Stores the event of the EVT_ADDR_X word {@code word} at {@code pos}; returns the new count. */
    private int single(int pos, int word, int yy, long time, int w, int h, long[] t, short[] x, short[] y, byte[] p,
            int n) throws IOException {
        int xx = word & 0x7FF;
        if (xx >= w || yy >= h) {
            throw outsideAt(pos, xx, yy);
        }
        t[n] = time;
        x[n] = (short) xx;
        y[n] = (short) yy;
        p[n] = (byte) (word >>> 11 & 1);
        return n + 1;
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
