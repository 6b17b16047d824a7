package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelOutput;

/**
 * Writes Prophesee DAT version 2 (CD events, type 0x0C, 8 bytes each); see {@link DatReader}.
 * Times are stored modulo 2<sup>32</sup> µs; the reader restores them as long as consecutive
 * events are less than 2<sup>31</sup> µs (35 minutes) apart.
 */
public final class DatWriter implements EventWriter {

    private final ChannelOutput out;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;

    /** Creates {@code file} with a header declaring {@code sensor} (when known). */
    public DatWriter(Path file, SensorSize sensor) throws IOException {
        out = ChannelOutput.littleEndian(file);
        StringBuilder h = new StringBuilder("% Data file containing CD events.\n% Version 2\n");
        if (sensor.isKnown()) {
            h.append("% Height ").append(sensor.height()).append('\n');
            h.append("% Width ").append(sensor.width()).append('\n');
        }
        h.append("% Generator Leinao\n");
        byte[] bytes = h.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
        out.ensure(2).put((byte) 0x0C).put((byte) 8);
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        for (int i = 0; i < batch.size(); i++) {
            if (t[i] < 0 || t[i] < lastT
                    || (lastT == Long.MIN_VALUE ? t[i] >= 0x1_0000_0000L : t[i] - lastT >= 0x8000_0000L)) {
                throw new IllegalArgumentException(EventWriter.timeProblem(written + i, t[i], lastT, "DAT"));
            }
            EventWriter.checkCoordinates(written + i, x[i], y[i], 0x3FFF, 0x3FFF, "DAT's 14-bit coordinates");
            lastT = t[i];
            ByteBuffer b = out.ensure(8);
            b.putInt((int) t[i]);
            b.putInt(x[i] | y[i] << 14 | (p[i] != 0 ? 1 << 28 : 0));
        }
        written += batch.size();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
