package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;

/**
 * Audit: {@code leinao events slice} created DIR and wrote slice after slice with no clean-up, so a
 * failure left an empty folder ({@code --to aedat4} on N-MNIST without {@code --sensor}), a 0-byte
 * {@code slice-00000.bin} (camera-clock AEDAT 4.0 {@code --to nmnist}) or a partial {@code .dat}.
 * Slices are now written into a hidden sibling folder that becomes DIR only when complete.
 */
class EventsSliceAtomicTest extends EventsCliTest {

    private Path write(String name, EventFormat f, SensorSize s, long t0) throws Exception {
        Path p = dir.resolve(name);
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 2000; i++) {
            b.add(t0 + i * 50L, i % 34, (i / 34) % 34, i % 2);
        }
        try (EventWriter w = EventFiles.create(p, f, s, null)) {
            w.write(b);
        }
        return p;
    }

    /** Everything in the test folder except the inputs: no output, no hidden temporary left over. */
    private List<String> leftovers(String... inputs) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !List.of(inputs).contains(n)).toList();
        }
    }

    @Test
    void aedat4WithoutASensorLeavesNoFolder() throws Exception {
        Path in = write("digit.bin", EventFormat.NMNIST, SensorSize.UNKNOWN, 0);
        assertThat(run("events", "slice", in.toString(), "--out", dir.resolve("s").toString(), "--window", "20ms",
                "--to", "aedat4")).isEqualTo(2);
        assertThat(err.toString()).contains("needs a sensor size");
        assertThat(leftovers("digit.bin")).isEmpty();
    }

    @Test
    void cameraClockToNmnistLeavesNoEmptySlice() throws Exception {
        Path in = write("clock.aedat4", EventFormat.AEDAT4, new SensorSize(34, 34), 1_605_537_493_718_345L);
        assertThat(run("events", "slice", in.toString(), "--out", dir.resolve("s").toString(), "--window", "20ms",
                "--to", "nmnist")).isEqualTo(2);
        assertThat(err.toString()).contains("--time-shift");
        assertThat(leftovers("clock.aedat4")).isEmpty();
    }

    @Test
    void aFailureInALaterSliceLeavesNothingAndKeepsAnEmptyFolder() throws Exception {
        // DAT holds 32-bit times: the first slices fit, the slice after 2^32 µs does not
        Path in = dir.resolve("gap.aedat4");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 100; i++) {
            b.add(i * 1000L, i % 34, 0, 1);
        }
        b.add(1L << 33, 1, 1, 1);
        try (EventWriter w = EventFiles.create(in, EventFormat.AEDAT4, new SensorSize(34, 34), null)) {
            w.write(b);
        }
        Path o = Files.createDirectory(dir.resolve("empty"));
        assertThat(run("events", "slice", in.toString(), "--out", o.toString(), "--count", "50", "--to", "dat",
                "--include-incomplete")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n");
        assertThat(leftovers("gap.aedat4", "empty")).isEmpty();
        try (Stream<Path> s = Files.list(o)) {
            assertThat(s.toList()).isEmpty(); // the user's empty folder is left as it was
        }
    }

    @Test
    void anEmptyFolderReceivesTheSlices() throws Exception {
        Path in = write("ok.aedat4", EventFormat.AEDAT4, new SensorSize(34, 34), 0);
        Path o = Files.createDirectory(dir.resolve("empty"));
        assertThat(run("events", "slice", in.toString(), "--out", o.toString(), "--slices", "3")).as(err.toString())
                .isZero();
        try (Stream<Path> s = Files.list(o)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("slice-00000.npy", "slice-00001.npy", "slice-00002.npy");
        }
        assertThat(leftovers("ok.aedat4", "empty")).isEmpty();
    }
}
