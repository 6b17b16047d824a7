package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.Fixtures;
import org.leinao.events.SensorSize;
import org.leinao.events.Synthetic;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.format.aedat.Aedat4Reader;
import org.leinao.events.io.EventFormatException;

/**
 * A truncated AEDAT 4.0 file is reported as a file that ends (where, inside what, how many bytes were
 * expected), not as a file-data table outside the file. Offsets of sample.aedat4 (read from its
 * bytes): IOHeader of 2316 bytes from byte 18, packets from byte 2334 (packet 0: 8-byte header, 7949
 * bytes from 2342; packet 4 starts at 19233, 9075 bytes from 19241), file-data table at 945243, file
 * end 949253.
 */
class Aedat4TruncationTest {

    @TempDir
    Path dir;

    private Path cut(int length) throws Exception {
        byte[] all = Files.readAllBytes(Fixtures.file("sample.aedat4"));
        Path f = dir.resolve("cut-" + length + ".aedat4");
        Files.write(f, Arrays.copyOf(all, length));
        return f;
    }

    /** Reads the whole file; returns the message of the error it ends with and checks events came before. */
    private static String failure(Path f, long minEvents) throws Exception {
        long[] n = {0};
        try (EventReader r = EventFiles.open(f)) {
            EventBatch b = new EventBatch(1000);
            while (r.read(b) > 0) {
                n[0] += b.size();
            }
        } catch (EventFormatException e) {
            assertThat(n[0]).as("events before the end").isGreaterThanOrEqualTo(minEvents);
            return e.getMessage();
        }
        throw new AssertionError(f + " read without an error");
    }

    @Test
    void cutInsideTheIoHeader() throws Exception {
        Path f = cut(20);
        assertThatThrownBy(() -> EventFiles.open(f)).hasMessage(f + ": at byte 14: file ends at byte 20 inside the"
                + " IOHeader (2316 bytes from byte 18), expected 2314 more bytes");
    }

    @Test
    void cutBeforeTheFirstPacket() throws Exception {
        Path f = cut(2334);
        assertThat(failure(f, 0)).isEqualTo(f + ": at byte 2334: file ends at byte 2334, expected more packets and"
                + " the file-data table the header places at byte 945243");
    }

    @Test
    void cutInsideAPacketHeader() throws Exception {
        Path f = cut(2338);
        assertThat(failure(f, 0)).isEqualTo(f + ": at byte 2334: file ends at byte 2338 inside the header of packet"
                + " 0, expected 4 more bytes (of 8: stream id, size)");
    }

    @Test
    void cutInsidePackets() throws Exception {
        Path f = cut(5000);
        assertThat(failure(f, 0)).isEqualTo(f + ": at byte 2334: file ends at byte 5000 inside packet 0 (stream 0,"
                + " 7949 bytes from byte 2342), expected 5291 more bytes");
        Path g = cut(20000);
        assertThat(failure(g, 1)).isEqualTo(g + ": at byte 19233: file ends at byte 20000 inside packet 4 (stream 0,"
                + " 9075 bytes from byte 19241), expected 8316 more bytes");
        // half-way, through forEachBatch too
        Path h = cut(500_000);
        try (EventReader r = EventFiles.open(h)) {
            assertThatThrownBy(() -> r.forEachBatch(b -> { }))
                    .hasMessageContaining("file ends at byte 500000 inside packet ")
                    .hasMessageEndingWith("more bytes");
        }
    }

    @Test
    void cutBetweenPackets() throws Exception {
        Path f = cut(19233);
        assertThat(failure(f, 1)).isEqualTo(f + ": at byte 19233: file ends at byte 19233 after packet 3, expected"
                + " more packets and the file-data table the header places at byte 945243");
    }

    /** The events are all there; only a seek, which needs the table, finds the file cut inside it. */
    @Test
    void cutInsideTheFileDataTable() throws Exception {
        Path f = cut(947_000);
        try (EventReader r = EventFiles.open(f)) {
            assertThat(r.forEachBatch(b -> { })).isEqualTo(111_954);
        }
        try (Aedat4Reader r = new Aedat4Reader(f)) {
            assertThatThrownBy(() -> r.seekTime(1_605_537_494_000_000L))
                    .hasMessageStartingWith(f + ": at byte 945243: corrupt file-data table (or the file ends inside"
                            + " it, at byte 947000)");
        }
        Path g = cut(945_243);
        try (Aedat4Reader r = new Aedat4Reader(g)) {
            assertThatThrownBy(() -> r.seekTime(1_605_537_494_000_000L)).hasMessage(g + ": at byte 945243: file ends"
                    + " at byte 945243, where the header places the file-data table; expected the table");
        }
    }

    /**
     * A generated uncompressed file cut at every 997th byte: a cut before the file-data table is an
     * error saying where the file ends; a cut inside the table (the last bytes) leaves every event.
     */
    @Test
    void everyCutOfAGeneratedFileSaysTheFileEnds() throws Exception {
        Path full = dir.resolve("full.aedat4");
        try (EventWriter w = EventFiles.create(full, EventFormat.AEDAT4, new SensorSize(64, 48),
                Aedat4Compression.NONE)) {
            w.write(Synthetic.events(5, 20_000, 64, 48, 0));
        }
        byte[] all = Files.readAllBytes(full);
        int errors = 0;
        for (int len = 30; len < all.length; len += 997) {
            Path f = dir.resolve("g.aedat4");
            Files.write(f, Arrays.copyOf(all, len));
            long[] n = {0};
            try (EventReader r = EventFiles.open(f)) {
                r.forEachBatch(b -> n[0] += b.size());
                assertThat(n[0]).as("cut at %d reads without an error", len).isEqualTo(20_000);
            } catch (EventFormatException e) {
                assertThat(e.getMessage()).as("cut at %d", len).contains("file ends at byte " + len + " ")
                        .doesNotContain("dataTablePosition");
                errors++;
            }
        }
        assertThat(errors).isGreaterThan(250);
    }
}
