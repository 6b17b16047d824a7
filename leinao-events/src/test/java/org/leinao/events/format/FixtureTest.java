package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.Fixtures;
import org.leinao.events.SensorSize;
import org.leinao.events.format.aedat.Aedat2Reader;

/**
 * Real recordings from shared/data/events. Expected values were computed independently from the
 * format specifications with a few lines of Python over the raw bytes (struct.unpack per event).
 */
class FixtureTest {

    @Test
    void nmnistDigit() throws Exception {
        Path f = Fixtures.file("sample_nmnist.bin");
        assertThat(FormatDetector.detect(f)).isEqualTo(EventFormat.NMNIST);
        try (EventReader r = EventFiles.open(f, EventFormat.NMNIST, new SensorSize(34, 34))) {
            EventRecording rec = r.readAll(1_000_000);
            EventBatch e = rec.events();
            // 21,625 bytes / 5 bytes per event; no overflow markers (y = 240) in this sample.
            assertThat(e.size()).isEqualTo(4325);
            assertThat(r.skippedRecords()).isZero();
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(654, 7, 15, 1);
            int last = e.size() - 1;
            assertThat(new long[] {e.t()[last], e.x()[last], e.y()[last], e.p()[last]}).containsExactly(311_175, 21, 14, 1);
            assertThat(onCount(e)).isEqualTo(2145);
            assertMonotonic(e);
        }
    }

    @Test
    void ncarsDat() throws Exception {
        Path f = Fixtures.file("sample_ncars.dat");
        assertThat(FormatDetector.detect(f)).isEqualTo(EventFormat.DAT);
        try (EventReader r = EventFiles.open(f)) {
            assertThat(r.sensor()).isEqualTo(SensorSize.UNKNOWN); // the header declares no geometry
            EventBatch e = r.readAll(1_000_000).events();
            // (16,165 - 91 header - 2 type/size bytes) / 8 = 2009 events.
            assertThat(e.size()).isEqualTo(2009);
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(0, 25, 8, 0);
            int last = e.size() - 1;
            assertThat(new long[] {e.t()[last], e.x()[last], e.y()[last], e.p()[last]}).containsExactly(99_952, 75, 28, 1);
            assertThat(onCount(e)).isEqualTo(1350);
            int maxX = 0;
            int maxY = 0;
            for (int i = 0; i < e.size(); i++) {
                maxX = Math.max(maxX, e.x()[i]);
                maxY = Math.max(maxY, e.y()[i]);
            }
            assertThat(maxX).isEqualTo(77);
            assertThat(maxY).isEqualTo(41);
            assertMonotonic(e);
        }
    }

    @Test
    void aedat2HeaderOnlyDavis346() throws Exception {
        Path f = Fixtures.file("sample_aedat_header.aedat");
        assertThat(FormatDetector.detect(f)).isEqualTo(EventFormat.AEDAT2);
        try (Aedat2Reader r = new Aedat2Reader(f)) {
            // "# AEChip: eu.seebetter.ini.chips.davis.Davis346red"; the file is 599 bytes of header only.
            assertThat(r.layout()).isEqualTo(Aedat2Reader.Layout.DAVIS);
            assertThat(r.sensor()).isEqualTo(new SensorSize(346, 260));
            assertThat(r.read(new EventBatch(16))).isZero();
            // "# Creation time: System.currentTimeMillis() 1695355587880", the start time Tonic's
            // test_read_aedat_header asserts for this file
            assertThat(r.createdMillis()).hasValue(1_695_355_587_880L);
        }
        try (EventReader r = EventFiles.open(f)) {
            assertThat(r.createdMillis()).hasValue(1_695_355_587_880L);
        }
    }

    @Test
    void aedat4Detected() throws Exception {
        assertThat(FormatDetector.detect(Fixtures.file("sample.aedat4"))).isEqualTo(EventFormat.AEDAT4);
    }

    static long onCount(EventBatch e) {
        long on = 0;
        for (int i = 0; i < e.size(); i++) {
            on += e.p()[i];
        }
        return on;
    }

    static void assertMonotonic(EventBatch e) {
        for (int i = 1; i < e.size(); i++) {
            assertThat(e.t()[i]).isGreaterThanOrEqualTo(e.t()[i - 1]);
        }
    }
}
