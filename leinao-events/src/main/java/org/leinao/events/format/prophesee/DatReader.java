package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.leinao.events.SensorSize;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads Prophesee DAT: {@code %} text header; from version 1 on, one byte event type (0x00 2D/TD or
 * 0x0C CD) and one byte event size (8); then little-endian events of two 32-bit words:
 * timestamp (µs) and {@code x = bits 0-13, y = bits 14-27, p = bits 28-31}.
 * A 32-bit timestamp that steps back by more than half its range is taken as a wrap-around.
 */
public final class DatReader extends ChannelEventReader {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Whether {@link DatVector} may decode (the vector module is there and suits it); it does once
     * the vector decoders take over ({@link RawKernel#vectorNow}).
     */
    private static final boolean VECTORS = RawKernel.VECTOR_MODULE && DatVector.usable();

    private long high;
    private long lastLow = -1;
    /** {@link DatVector}'s time high bits and last time, in and out. */
    private final long[] state = new long[2];

    /** Opens {@code file} and reads its header. */
    public DatReader(Path file) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        super(EventFormat.DAT, in, parseHeader(in, DatReader::readHeader));
    }

    /**
     * Reads the {@code %} lines and the event type and size bytes after them. Those two bytes follow
     * every header, with or without a {@code % Version} line, as Prophesee's loader reads them
     * ({@code parse_header} in prophesee-automotive-dataset-toolbox {@code src/io/dat_events_tools.py}).
     */
    private static SensorSize readHeader(ChannelInput in) throws IOException {
        List<String> lines = in.readHeaderLines('%', PropheseeHeader.MAX_HEADER);
        if (lines.isEmpty()) {
            throw in.error(0, "not a DAT file (expected a '%' header line)");
        }
        SensorSize sensor = PropheseeHeader.sensor(lines);
        long at = in.offset();
        in.require(2, "the event type and size bytes");
        int type = in.buffer().get() & 0xFF;
        int size = in.buffer().get() & 0xFF;
        if (type != 0x00 && type != 0x0C) {
            throw in.error(at, "event type 0x" + Integer.toHexString(type) + " (expected 0x00 TD or 0x0C CD events)");
        }
        if (size != 8) {
            throw in.error(at + 1, "event size " + size + " (expected 8)");
        }
        return sensor;
    }

    @Override
    protected boolean refill() throws IOException {
        return request(8, "an event");
    }

    /**
     * Decodes the buffered events in a loop whose counter is the event index (the record of event j
     * is at {@code base + 8 j} of the buffer's array, read as one little-endian long), so the stores
     * need no bounds checks; an event outside the sensor is only noted, by one add on the packed
     * {@code x << 16 | y} that sets bit 31 or 15, and then {@link #decodeChecked} decodes the same
     * events again and throws at the first one, with the message and offset it always gave.
     */
    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        int k = Math.min(room - n, b.remaining() >>> 3);
        // ChannelInput's buffer is a heap buffer
        byte[] arr = b.array();
        int base = b.arrayOffset() + b.position() - 8 * n;
        // x, y < 2^14: adding c sets bit 31 when x >= w and bit 15 when y >= h (limits above 2^15
        // can never be reached, hence the min)
        int c = (0x8000 - Math.min(w, 0x8000)) << 16 | (0x8000 - Math.min(h, 0x8000));
        int bad = 0;
        long hi = high;
        long last = lastLow;
        int end = n + k;
        int j = n;
        if (VECTORS && RawKernel.vectorNow()) {
            long[] st = state;
            st[0] = hi;
            st[1] = last;
            j = DatVector.decode(arr, base, t, x, y, p, n, end, w, h, st);
            if (j < 0) {
                return decodeChecked(t, x, y, p, n, room, w, h);
            }
            hi = st[0];
            last = st[1];
        } else {
            RawKernel.countScalar(8L * k);
        }
        for (; j < end; j++) {
            long q = (long) LONG.get(arr, base + 8 * j);
            long low = q & 0xFFFF_FFFFL;
            int data = (int) (q >>> 32);
            if (low < last && last - low > 0x8000_0000L) {
                hi += 0x1_0000_0000L;
            }
            last = low;
            int xx = data & 0x3FFF;
            int yy = data >>> 14 & 0x3FFF;
            bad |= (xx << 16 | yy) + c;
            t[j] = hi | low;
            x[j] = (short) xx;
            y[j] = (short) yy;
            p[j] = (byte) ((data >>> 28) + 15 >>> 4); // 1 when bits 31-28 are not all 0
        }
        if ((bad & 0x8000_8000) != 0) {
            return decodeChecked(t, x, y, p, n, room, w, h);
        }
        high = hi;
        lastLow = last;
        b.position(b.position() + 8 * k);
        return end;
    }

    /** The same decode, one event at a time with every check in place. */
    private int decodeChecked(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h)
            throws IOException {
        ByteBuffer b = in.buffer();
        int k = Math.min(room - n, b.remaining() >>> 3);
        int pos = b.position();
        long hi = high;
        long last = lastLow;
        for (int j = 0; j < k; j++, pos += 8) {
            long low = Integer.toUnsignedLong(b.getInt(pos));
            int data = b.getInt(pos + 4);
            if (low < last && last - low > 0x8000_0000L) {
                hi += 0x1_0000_0000L;
            }
            last = low;
            int xx = data & 0x3FFF;
            int yy = (data >>> 14) & 0x3FFF;
            if (xx >= w || yy >= h) {
                throw outside(offsetOf(pos), xx, yy);
            }
            t[n] = hi | low;
            x[n] = (short) xx;
            y[n] = (short) yy;
            p[n] = (byte) ((data >>> 28) != 0 ? 1 : 0);
            n++;
        }
        high = hi;
        lastLow = last;
        b.position(pos);
        return n;
    }
}
