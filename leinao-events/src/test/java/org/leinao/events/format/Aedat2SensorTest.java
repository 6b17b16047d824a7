package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.Synthetic;
import org.leinao.events.format.aedat.Aedat2Reader;

/**
 * Audit: {@code convert nmnist.bin a2.aedat --sensor 34x34} read back as 346x260, because the AEDAT 2.0
 * writer named the Davis346B chip for every size. The writer now names the chip of the sensor (DVS128
 * for 128x128, else the smallest DAVIS that holds it) and records the size in a {@code # Sensor:} line
 * that the reader honours; a sensor no jAER camera has is refused.
 */
class Aedat2SensorTest {

    @TempDir
    Path dir;

    private EventRecording roundTrip(SensorSize sensor, EventBatch events) throws Exception {
        Path f = dir.resolve("a" + System.nanoTime() + ".aedat");
        try (EventWriter w = EventFiles.create(f, EventFormat.AEDAT2, sensor, null)) {
            w.write(events);
        }
        try (EventReader r = EventFiles.open(f)) {
            return r.readAll(1_000_000);
        }
    }

    @Test
    void anNmnistSizeReadsBackAsWritten() throws Exception {
        EventBatch events = Synthetic.events(1, 5000, 34, 34, 1000);
        EventRecording back = roundTrip(new SensorSize(34, 34), events);
        assertThat(back.sensor()).isEqualTo(new SensorSize(34, 34));
        assertThat(back.events().contentEquals(events)).isTrue();
    }

    @Test
    void everyChipSizeReadsBackAsWritten() throws Exception {
        for (SensorSize s : new SensorSize[] {new SensorSize(128, 128), new SensorSize(240, 180),
                new SensorSize(346, 260), new SensorSize(640, 480), new SensorSize(300, 200)}) {
            EventBatch events = Synthetic.events(2, 5000, s.width(), s.height(), 1000);
            EventRecording back = roundTrip(s, events);
            assertThat(back.sensor()).as("%s", s).isEqualTo(s);
            assertThat(back.events().contentEquals(events)).as("%s", s).isTrue();
        }
    }

    @Test
    void a128x128SensorIsWrittenAsADvs128WithItsAddresses() throws Exception {
        Path f = dir.resolve("dvs.aedat");
        try (EventWriter w = EventFiles.create(f, EventFormat.AEDAT2, new SensorSize(128, 128), null)) {
            w.write(Synthetic.events(3, 100, 128, 128, 10));
        }
        String head = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(head).contains("# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n").contains("# Sensor: 128x128\r\n");
        try (Aedat2Reader r = new Aedat2Reader(f)) {
            assertThat(r.layout()).isEqualTo(Aedat2Reader.Layout.DVS128);
        }
    }

    @Test
    void anUnknownSizeStaysUnknown() throws Exception {
        EventBatch events = Synthetic.events(4, 1000, 1000, 500, 10); // beyond any DAVIS but within its address bits
        EventRecording back = roundTrip(SensorSize.UNKNOWN, events);
        assertThat(back.sensor().isKnown()).isFalse();
        assertThat(back.events().contentEquals(events)).isTrue();
    }

    @Test
    void aSensorNoJaerCameraHasIsRefused() {
        assertThatThrownBy(() -> EventFiles.create(dir.resolve("big.aedat"), EventFormat.AEDAT2,
                new SensorSize(1280, 720), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AEDAT 2.0 (jAER) has no camera larger than 640x480 (Davis640), so a 1280x720 sensor does"
                        + " not fit; write aedat4, evt3, evt2, dat or npy instead");
        assertThat(dir.resolve("big.aedat")).doesNotExist();
    }

    @Test
    void theHeadersCreationTimeIsKeptThroughASensorOverride() throws Exception {
        Path f = dir.resolve("created.aedat");
        // an unknown chip (no sensor) and jAER's creation line, then one DAVIS record
        byte[] header = ("#!AER-DAT2.0\r\n# Creation time: System.currentTimeMillis() 1695355587880\r\n"
                + "# AEChip: some.other.Chip\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] record = {0, 0x10, 0x28, 0, 0, 0, 0, 7};
        Files.write(f, header);
        Files.write(f, record, java.nio.file.StandardOpenOption.APPEND);
        try (EventReader r = EventFiles.open(f, EventFormat.AEDAT2, new SensorSize(640, 480))) {
            assertThat(r.sensor()).isEqualTo(new SensorSize(640, 480));
            assertThat(r.createdMillis()).hasValue(1_695_355_587_880L);
            assertThat(r.readAll(10).events().size()).isEqualTo(1);
        }
        Path g = dir.resolve("plain.aedat");
        Files.write(g, "#!AER-DAT2.0\r\n# AEChip: Davis346\r\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(g, record, java.nio.file.StandardOpenOption.APPEND);
        try (EventReader r = EventFiles.open(g)) {
            assertThat(r.createdMillis()).isEmpty();
        }
    }
}
