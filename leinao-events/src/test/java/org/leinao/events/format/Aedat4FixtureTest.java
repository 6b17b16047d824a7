package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.Fixtures;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.format.aedat.Aedat4Reader;

class Aedat4FixtureTest {

    @Test
    void readsAllPolarityEventsOfTheSample() throws Exception {
        Path f = Fixtures.file("sample.aedat4");
        try (Aedat4Reader r = new Aedat4Reader(f)) {
            assertThat(r.compression()).isEqualTo(Aedat4Compression.LZ4);
            assertThat(r.hasDataTable()).isTrue();
            // The header's info node declares a DVXplorer stream of 320x240 (not a DAVIS346).
            assertThat(r.sensor().width()).isEqualTo(320);
            assertThat(r.sensor().height()).isEqualTo(240);
            assertThat(r.streams()).hasSize(3);
            EventBatch b = new EventBatch(10_000);
            long count = 0;
            long last = Long.MIN_VALUE;
            long on = 0;
            while (r.read(b) > 0) {
                for (int i = 0; i < b.size(); i++) {
                    assertThat(b.t()[i]).isGreaterThanOrEqualTo(last);
                    last = b.t()[i];
                    assertThat((int) b.x()[i]).isBetween(0, 319);
                    assertThat((int) b.y()[i]).isBetween(0, 239);
                    on += b.p()[i];
                }
                count += b.size();
            }
            // shared/README.md states 118,651 events, but the file itself says 111,954: that is the sum
            // of numElements over the stream-0 rows of its own FileDataTable (written by DV, independent
            // of our decoder) and of the decoded EVTS vector lengths; a separate Python walk of the
            // packets (LZ4 by the lz4 tool, the FlatBuffers by hand) counts the same. 118,651 is what
            // Tonic's test_read_aedat_events asserts of tonic.io.get_aer_events_from_file on this
            // file: that function reads AEDAT 3.1 packets (a 28-byte header with the capacity at
            // bytes 16-19, then 8-byte events). Here it takes the AEDAT 4.0 header's first 28 bytes
            // for a packet header whose "capacity" exceeds the file, and reads the rest as 8-byte
            // events: (949,253 - 14 - 28) / 8 = 118,651, a count of bytes, not of events (checked
            // with the same steps in Python). tonic.io.read_aedat4 is only asserted to return something.
            assertThat(count).isEqualTo(111_954);
            assertThat(on).isBetween(1L, count - 1);
            assertThat(r.skippedRecords()).isPositive();
        }
    }

    @Test
    void infoCountsTheSkippedPacketsOfTheOtherStreams() throws Exception {
        Path f = Fixtures.file("sample.aedat4");
        // 59 IMUS packets beside the 59 EVTS ones (a walk of the packets in Python counts the same)
        assertThat(org.leinao.events.EventStats.of(f).report(f)).contains("events:      111954\n")
                .contains("skipped:     59 packets of other streams\n");
    }
}
