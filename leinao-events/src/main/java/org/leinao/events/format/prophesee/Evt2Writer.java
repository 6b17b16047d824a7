package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelOutput;

/** Writes Prophesee EVT 2.0 RAW (see {@link Evt2Reader}): a time-high word whenever bits 33-6 change. */
public final class Evt2Writer implements EventWriter {

    private final ChannelOutput out;
    private long timeHigh = -1;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;

    /** Creates {@code file} with a header declaring {@code sensor} (when known). */
    public Evt2Writer(Path file, SensorSize sensor) throws IOException {
        out = ChannelOutput.littleEndian(file);
        byte[] h = PropheseeHeader.rawHeader("2.0", "EVT2", sensor).getBytes(StandardCharsets.US_ASCII);
        out.write(h, 0, h.length);
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        for (int i = 0; i < batch.size(); i++) {
            long ti = t[i];
            if (ti < 0 || ti >= 1L << 34 || ti < lastT) {
                throw new IllegalArgumentException("event " + (written + i) + ": time " + ti + " µs "
                        + (ti < 0 ? "is negative" : ti < lastT ? "comes before the previous event's " + lastT + " µs"
                        : "is 2^34 µs or more, beyond the 34 bits of EVT 2.0's time; " + EventWriter.SHIFT_ADVICE)
                        + "; EVT 2.0 needs non-decreasing times below 2^34 µs");
            }
            EventWriter.checkCoordinates(written + i, x[i], y[i], 0x7FF, 0x7FF, "EVT 2.0's 11-bit coordinates");
            lastT = ti;
            ByteBuffer b = out.ensure(8);
            long th = ti >>> 6;
            if (th != timeHigh) {
                b.putInt(0x8000_0000 | (int) th);
                timeHigh = th;
            }
            b.putInt((p[i] != 0 ? 0x1000_0000 : 0) | (int) (ti & 0x3F) << 22 | x[i] << 11 | y[i]);
        }
        written += batch.size();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
