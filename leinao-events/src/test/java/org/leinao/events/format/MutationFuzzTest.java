package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
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
 * Mutation fuzzing: every seed file (the real fixtures and one generated file per writable format
 * and AEDAT 4.0 compression) is corrupted many times, with a seeded {@link Random}, by bit flips,
 * random bytes, overwritten 32-bit fields (lengths, sizes, offsets), truncation, and inserted or
 * deleted runs. Each mutant is then detected and read to the end. The only acceptable outcomes are
 * success or an {@link EventFormatException} whose one-line message names the file and a byte
 * offset; any other exception, an out-of-memory error or a hang (the timeout) fails the test.
 */
class MutationFuzzTest {

    @TempDir
    Path dir;

    @Test
    void mutantsFailCleanly() throws Exception {
        campaign(150, 1);
    }

    @Test
    @Tag("validation")
    void bigMutationCampaign() throws Exception {
        campaign(5000, 99);
    }

    private void campaign(int perSeed, long seed) throws Exception {
        List<Path> seeds = seeds();
        Random rnd = new Random(seed);
        int[] outcomes = new int[2];
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(perSeed > 1000 ? 60 : 3), () -> {
            for (Path s : seeds) {
                byte[] original = Files.readAllBytes(s);
                String name = s.getFileName().toString();
                for (int k = 0; k < perSeed; k++) {
                    byte[] m = mutate(original, rnd);
                    Path f = dir.resolve("m-" + name);
                    Files.write(f, m);
                    outcomes[readAll(f, name, k)]++;
                }
            }
        });
        // Both outcomes must occur: mutants that still parse and mutants that are rejected.
        assertThat(outcomes[0]).isPositive();
        assertThat(outcomes[1]).isPositive();
    }

    /** @return 0 when the mutant read cleanly, 1 when it was rejected with a located error */
    private static int readAll(Path f, String seedName, int k) {
        try {
            EventFormat fmt = FormatDetector.detect(f);
            try (EventReader r = EventFiles.open(f, fmt, null)) {
                EventBatch b = new EventBatch(4096);
                while (r.read(b) > 0) {
                    assertThat(b.size()).isLessThanOrEqualTo(4096);
                }
                if (r instanceof Aedat4Reader a && a.hasDataTable()) {
                    a.seekTime(0);
                    while (r.read(b) > 0) {
                        assertThat(b.size()).isLessThanOrEqualTo(4096);
                    }
                }
            }
            return 0;
        } catch (EventFormatException e) {
            assertThat(e.getMessage()).as("message of mutant %d of %s", k, seedName)
                    .startsWith(f.toString()).doesNotContain("\n");
            return 1;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            fail("mutant " + k + " of " + seedName + " escaped with " + e, e);
            return -1;
        }
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int ops = 1 + r.nextInt(4);
        for (int o = 0; o < ops; o++) {
            if (b.length == 0) {
                return new byte[] {(byte) r.nextInt()};
            }
            // bias towards the first kilobytes, where headers and length fields live
            int at = r.nextBoolean() ? r.nextInt(Math.min(b.length, 4096)) : r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt();
                case 2 -> { // overwrite a 32-bit field with an extreme value
                    int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, r.nextInt()};
                    int v = extremes[r.nextInt(extremes.length)];
                    for (int i = 0; i < 4 && at + i < b.length; i++) {
                        b[at + i] = (byte) (v >>> (8 * i));
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length)); // truncate
                case 4 -> { // delete a run
                    int n = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                }
                case 5 -> { // insert random bytes
                    int n = 1 + r.nextInt(64);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int i = 0; i < n; i++) {
                        c[at + i] = (byte) r.nextInt();
                    }
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                default -> { // duplicate a run (repeated packets, headers)
                    int n = Math.min(b.length - at, 1 + r.nextInt(256));
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }

    private List<Path> seeds() throws Exception {
        List<Path> seeds = new ArrayList<>();
        Path fixtures = Fixtures.dir();
        if (fixtures != null) {
            for (String n : new String[] {"sample.aedat4", "sample_aedat_header.aedat", "sample_ncars.dat", "sample_nmnist.bin"}) {
                Path p = fixtures.resolve(n);
                if (Files.isRegularFile(p)) {
                    seeds.add(p);
                }
            }
        }
        SensorSize sensor = new SensorSize(34, 34);
        EventBatch events = Synthetic.events(5, 3000, 34, 34, 20_000_000);
        for (EventFormat f : EventFormat.values()) {
            if (f.writable()) {
                seeds.add(write(f, sensor, events, Aedat4Compression.LZ4));
            }
        }
        for (Aedat4Compression c : new Aedat4Compression[] {Aedat4Compression.NONE, Aedat4Compression.ZSTD}) {
            seeds.add(write(EventFormat.AEDAT4, sensor, events, c));
        }
        return seeds;
    }

    private Path write(EventFormat f, SensorSize sensor, EventBatch events, Aedat4Compression c) throws Exception {
        Path p = dir.resolve("seed-" + f.id() + "-" + c + "." + f.extension());
        try (EventWriter w = EventFiles.create(p, f, sensor, c)) {
            w.write(events);
        }
        return p;
    }
}
