package org.leinao.events.format.nmnist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.SensorSize;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads the N-MNIST / N-Caltech101 binary: no header, 5 bytes (40 bits) per event:
 * byte 0 = x, byte 1 = y, byte 2 bit 7 = polarity (1 = ON), byte 2 bits 6-0 + bytes 3-4 = a 23-bit
 * big-endian timestamp in µs. A record with {@code y == 240} is not an event but a timestamp-overflow
 * marker: every later timestamp is increased by 2<sup>13</sup> µs (the rule of the dataset's
 * {@code Read_Ndataset.m}, which Tonic's {@code read_mnist_file} follows). The markers are what
 * {@link #skippedRecords()} counts.
 */
public final class NmnistReader extends ChannelEventReader {

    /** The y value that marks a timestamp overflow. */
    public static final int OVERFLOW_Y = 240;
    /** Time added per overflow marker, µs. */
    public static final long OVERFLOW_STEP = 1 << 13;

    private long offset;

    /**
     * @param sensor the sensor to check events against: 34x34 for N-MNIST, {@link SensorSize#UNKNOWN}
     *               to skip the check (the format does not record it)
     */
    public NmnistReader(Path file, SensorSize sensor) throws IOException {
        super(EventFormat.NMNIST, new ChannelInput(file, ChannelInput.DEFAULT_BUFFER - ChannelInput.DEFAULT_BUFFER % 5,
                ByteOrder.BIG_ENDIAN), sensor);
    }

    @Override
    protected boolean refill() throws IOException {
        return request(5, "an event");
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        int pos = b.position();
        int end = pos + b.remaining() / 5 * 5;
        long off = offset;
        while (pos < end && n < room) {
            int xx = b.get(pos) & 0xFF;
            int yy = b.get(pos + 1) & 0xFF;
            int b2 = b.get(pos + 2) & 0xFF;
            if (yy == OVERFLOW_Y) {
                off += OVERFLOW_STEP;
                skipped++;
            } else {
                if (xx >= w || yy >= h) {
                    throw outside(offsetOf(pos), xx, yy);
                }
                t[n] = off + ((b2 & 0x7F) << 16 | (b.get(pos + 3) & 0xFF) << 8 | (b.get(pos + 4) & 0xFF));
                x[n] = (short) xx;
                y[n] = (short) yy;
                p[n] = (byte) (b2 >>> 7);
                n++;
            }
            pos += 5;
        }
        offset = off;
        b.position(pos);
        return n;
    }
}
