package org.leinao.events.format.aedat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.ChannelOutput;

/**
 * Writes jAER AEDAT 2.0 with DAVIS addresses (see {@link Aedat2Reader}); the AEChip line names a
 * DAVIS of matching size so that jAER and our reader pick the right layout. Times are stored modulo
 * 2<sup>32</sup> µs with the reader's wrap rule.
 */
public final class Aedat2Writer implements EventWriter {

    private final ChannelOutput out;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;

    /** Creates {@code file}. */
    public Aedat2Writer(Path file, SensorSize sensor) throws IOException {
        out = new ChannelOutput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.BIG_ENDIAN);
        String chip = sensor.width() == 240 ? "eu.seebetter.ini.chips.davis.DAVIS240C"
                : sensor.width() == 640 ? "eu.seebetter.ini.chips.davis.Davis640"
                : "eu.seebetter.ini.chips.davis.Davis346B";
        String h = "#!AER-DAT2.0\r\n"
                + "# This is a raw AE data file - do not edit\r\n"
                + "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event\r\n"
                + "# Timestamps tick is 1 us\r\n"
                + "# AEChip: " + chip + "\r\n"
                + "# Written by Leinao\r\n";
        byte[] bytes = h.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
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
                throw new IllegalArgumentException(EventWriter.timeProblem(written + i, t[i], lastT, "AEDAT 2.0"));
            }
            EventWriter.checkCoordinates(written + i, x[i], y[i], 0x3FF, 0x1FF, "the DAVIS address bits");
            lastT = t[i];
            ByteBuffer b = out.ensure(8);
            b.putInt(y[i] << 22 | x[i] << 12 | (p[i] != 0 ? 1 << 11 : 0));
            b.putInt((int) t[i]);
        }
        written += batch.size();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

}
