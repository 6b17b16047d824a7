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
 * Writes jAER AEDAT 2.0 (see {@link Aedat2Reader}). The {@code # AEChip:} line names the camera whose
 * address layout the events are written in, as jAER needs: DVS128 for a 128x128 sensor (DVS128
 * addresses), otherwise the smallest DAVIS that holds the sensor (DAVIS240C 240x180, Davis346B 346x260,
 * Davis640 640x480; DAVIS addresses). AEDAT 2.0 has no field for the sensor size, so a
 * {@code # Sensor: WxH} line records it: {@code #} lines are comments to jAER and other AEDAT 2.0
 * readers (jAER's AEFileInputStream reads only the AEChip line), and {@link Aedat2Reader} takes the size
 * from it, so a 34x34 N-MNIST recording reads back as 34x34 rather than as the chip's 240x180. A sensor
 * larger than 640x480 is refused: no jAER camera has it. An unknown size is written as
 * {@code # Sensor: unknown} (Davis346B addresses) and read back as unknown. Times are stored modulo
 * 2<sup>32</sup> µs with the reader's wrap rule.
 */
public final class Aedat2Writer implements EventWriter {

    /** The jAER chip classes we write, with their sizes; the first that holds the sensor is named. */
    private static final String[][] DAVIS = {
        {"eu.seebetter.ini.chips.davis.DAVIS240C", "240", "180"},
        {"eu.seebetter.ini.chips.davis.Davis346B", "346", "260"},
        {"eu.seebetter.ini.chips.davis.Davis640", "640", "480"},
    };

    private final ChannelOutput out;
    private final boolean dvs128;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;

    /**
     * Creates {@code file}.
     *
     * @throws IllegalArgumentException when the sensor is larger than any jAER camera (640x480)
     */
    public Aedat2Writer(Path file, SensorSize sensor) throws IOException {
        String chip = null;
        dvs128 = sensor.isKnown() && sensor.width() == 128 && sensor.height() == 128;
        if (dvs128) {
            chip = "ch.unizh.ini.jaer.chip.retina.DVS128";
        } else if (!sensor.isKnown()) {
            chip = DAVIS[1][0];
        } else {
            for (String[] d : DAVIS) {
                if (sensor.width() <= Integer.parseInt(d[1]) && sensor.height() <= Integer.parseInt(d[2])) {
                    chip = d[0];
                    break;
                }
            }
            if (chip == null) {
                throw new IllegalArgumentException("AEDAT 2.0 (jAER) has no camera larger than 640x480 (Davis640), so a "
                        + sensor + " sensor does not fit; write aedat4, evt3, evt2, dat or npy instead");
            }
        }
        out = new ChannelOutput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.BIG_ENDIAN);
        String h = "#!AER-DAT2.0\r\n"
                + "# This is a raw AE data file - do not edit\r\n"
                + "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event\r\n"
                + "# Timestamps tick is 1 us\r\n"
                + "# AEChip: " + chip + "\r\n"
                + "# Sensor: " + (sensor.isKnown() ? sensor.width() + "x" + sensor.height() : "unknown") + "\r\n"
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
            lastT = t[i];
            ByteBuffer b = out.ensure(8);
            if (dvs128) {
                EventWriter.checkCoordinates(written + i, x[i], y[i], 0x7F, 0x7F, "the DVS128 address bits");
                b.putInt(y[i] << 8 | x[i] << 1 | (p[i] != 0 ? 0 : 1)); // bit 0 set = OFF
            } else {
                EventWriter.checkCoordinates(written + i, x[i], y[i], 0x3FF, 0x1FF, "the DAVIS address bits");
                b.putInt(y[i] << 22 | x[i] << 12 | (p[i] != 0 ? 1 << 11 : 0));
            }
            b.putInt((int) t[i]);
        }
        written += batch.size();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

}
