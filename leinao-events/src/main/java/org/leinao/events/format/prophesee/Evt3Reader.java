package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.io.ChannelInput;

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
public final class Evt3Reader implements EventReader {

    private static final int MIN_ROOM = 12; // a VECT_12 word yields up to 12 events
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ChannelInput in;
    private final SensorSize sensor;
    private long loops;
    private int timeHigh = -1;
    private int timeLow;
    private int addrY;
    private int baseX;
    private int pol;
    private long skipped;

    /** Opens {@code file} and reads its header. */
    public Evt3Reader(Path file) throws IOException {
        in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        try {
            List<String> lines = in.readHeaderLines('%', 16 << 20);
            sensor = PropheseeHeader.sensor(lines);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public EventFormat format() {
        return EventFormat.EVT3;
    }

    @Override
    public SensorSize sensor() {
        return sensor;
    }

    @Override
    public long skippedRecords() {
        return skipped;
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        if (batch.capacity() < MIN_ROOM) {
            throw new IllegalArgumentException("EVT 3.0 needs batches of at least " + MIN_ROOM + " events");
        }
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        int limit = batch.capacity() - MIN_ROOM;
        int n = 0;
        int w = sensor.isKnown() ? sensor.width() : 65_536;
        int h = sensor.isKnown() ? sensor.height() : 65_536;
        while (n <= limit) {
            if (!in.request(2)) {
                if (in.buffer().hasRemaining()) {
                    throw in.error(in.offset(), "file ends inside a 16-bit word");
                }
                break;
            }
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
            while (pos < end && n <= limit) {
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
                        int bits = (word >>> 12) == 0x4 ? 12 : 8;
                        int mask = v & ((1 << bits) - 1);
                        while (mask != 0) {
                            int i = Integer.numberOfTrailingZeros(mask);
                            mask &= mask - 1;
                            int xx = bx + i;
                            if (xx >= w || yy >= h) {
                                throw outside(pos, xx, yy);
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
                        timeLow = v;
                        time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
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
                        time = loops << 24 | (long) timeHigh << 12 | timeLow;
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
            addrY = yy;
            baseX = bx;
            pol = pl;
            b.position(pos - base);
        }
        batch.setSize(n);
        return n;
    }

    /** Stores the event of the EVT_ADDR_X word {@code word} at {@code pos}; returns the new count. */
    private int single(int pos, int word, int yy, long time, int w, int h, long[] t, short[] x, short[] y, byte[] p,
            int n) throws IOException {
        int xx = word & 0x7FF;
        if (xx >= w || yy >= h) {
            throw outside(pos, xx, yy);
        }
        t[n] = time;
        x[n] = (short) xx;
        y[n] = (short) yy;
        p[n] = (byte) (word >>> 11 & 1);
        return n + 1;
    }

    private IOException outside(int pos, int xx, int yy) {
        long at = in.offset() + (pos - in.buffer().arrayOffset() - in.buffer().position());
        return in.error(at, "event (" + xx + ", " + yy + ") outside the declared sensor "
                + (sensor.isKnown() ? sensor.toString() : "16-bit range"));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
