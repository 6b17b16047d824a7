package org.leinao.events.format.nmnist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.io.ChannelInput;

/**
 * Reads the N-MNIST / N-Caltech101 binary: no header, 5 bytes (40 bits) per event:
 * byte 0 = x, byte 1 = y, byte 2 bit 7 = polarity (1 = ON), byte 2 bits 6-0 + bytes 3-4 = a 23-bit
 * big-endian timestamp in µs. A record with {@code y == 240} is not an event but a timestamp-overflow
 * marker: every later timestamp is increased by 2<sup>13</sup> µs (the rule of the dataset's
 * {@code Read_Ndataset.m}, which Tonic's {@code read_mnist_file} follows).
 */
public final class NmnistReader implements EventReader {

    /** The y value that marks a timestamp overflow. */
    public static final int OVERFLOW_Y = 240;
    /** Time added per overflow marker, µs. */
    public static final long OVERFLOW_STEP = 1 << 13;

    private final ChannelInput in;
    private final SensorSize sensor;
    private long offset;
    private long markers;

    /**
     * @param sensor the sensor to check events against: 34x34 for N-MNIST, {@link SensorSize#UNKNOWN}
     *               to skip the check (the format does not record it)
     */
    public NmnistReader(Path file, SensorSize sensor) throws IOException {
        in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER - ChannelInput.DEFAULT_BUFFER % 5, ByteOrder.BIG_ENDIAN);
        this.sensor = sensor;
    }

    @Override
    public EventFormat format() {
        return EventFormat.NMNIST;
    }

    @Override
    public SensorSize sensor() {
        return sensor;
    }

    /** Overflow markers seen so far. */
    @Override
    public long skippedRecords() {
        return markers;
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        int cap = batch.capacity();
        int n = 0;
        boolean check = sensor.isKnown();
        int w = sensor.width();
        int h = sensor.height();
        while (n < cap) {
            if (!in.request(5)) {
                if (in.buffer().hasRemaining()) {
                    throw in.error(in.offset(), "file ends inside an event (" + in.buffer().remaining() + " of 5 bytes)");
                }
                break;
            }
            ByteBuffer b = in.buffer();
            int pos = b.position();
            int end = pos + b.remaining() / 5 * 5;
            long off = offset;
            while (pos < end && n < cap) {
                int xx = b.get(pos) & 0xFF;
                int yy = b.get(pos + 1) & 0xFF;
                int b2 = b.get(pos + 2) & 0xFF;
                if (yy == OVERFLOW_Y) {
                    off += OVERFLOW_STEP;
                    markers++;
                } else {
                    if (check && (xx >= w || yy >= h)) {
                        throw in.error(in.offset() + (pos - b.position()), "event (" + xx + ", " + yy
                                + ") outside the declared sensor " + sensor);
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
        }
        batch.setSize(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
