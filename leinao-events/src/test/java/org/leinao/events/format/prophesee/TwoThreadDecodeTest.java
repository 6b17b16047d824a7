package org.leinao.events.format.prophesee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventReader;
import org.leinao.events.io.EventFormatException;

/**
 * The two-thread EVT 3.0 / EVT 2.0 readers ({@link ParallelDecoder}) against the single-threaded
 * ones, batch by batch: the same batches (sizes included), the same skipped count at the end, and on
 * malformed input the same error message at the same byte after the same batches. Small chunks (a
 * few KiB) put hundreds of chunk boundaries into each stream, so worker chunks start inside every
 * kind of group: before a TIME_HIGH (time high fixed up at the hand-over), across 24-bit wraps,
 * with a vector before the chunk's first VECT_BASE_X (the worker stops, the caller goes on).
 */
class TwoThreadDecodeTest {

    @TempDir
    Path dir;

    /** One read of a whole file: the batches, the skipped count, or the error after some batches. */
    record Run(List<EventBatch> batches, long skipped, String error) {
    }

    private static Run run(EventReader r, int batch) throws IOException {
        List<EventBatch> out = new ArrayList<>();
        EventBatch b = new EventBatch(batch);
        try (r) {
            while (r.read(b) > 0) {
                out.add(b.copy());
            }
            return new Run(out, r.skippedRecords(), null);
        } catch (EventFormatException e) {
            return new Run(out, -1, e.getMessage());
        }
    }

    private static void assertSameRun(Run got, Run want, String what) {
        assertThat(got.error()).as(what).isEqualTo(want.error());
        assertThat(got.batches()).as(what + ": batches").hasSameSizeAs(want.batches());
        for (int i = 0; i < want.batches().size(); i++) {
            EventBatch g = got.batches().get(i);
            EventBatch e = want.batches().get(i);
            if (!g.contentEquals(e)) {
                int k = 0;
                while (k < Math.min(g.size(), e.size()) && g.t()[k] == e.t()[k] && g.x()[k] == e.x()[k]
                        && g.y()[k] == e.y()[k] && g.p()[k] == e.p()[k]) {
                    k++;
                }
                throw new AssertionError(what + ": batch " + i + " (sizes " + g.size() + ", " + e.size()
                        + ") differs at event " + k);
            }
        }
        assertThat(got.skipped()).as(what + ": skipped").isEqualTo(want.skipped());
    }

    /** One {@link EventReader#forEachBatch} of a whole file: all events, the skipped count, or the error. */
    record Lent(EventBatch events, int batches, long skipped, String error) {
    }

    /**
     * Streams {@code r} with {@link EventReader#forEachBatch}, checking each batch (never empty, at
     * most {@link EventReader#LENT_BATCH} events) and concatenating the events.
     */
    static Lent lend(EventReader r) throws IOException {
        EventBatch all = new EventBatch(1024);
        int[] batches = {0};
        try (r) {
            long n = r.forEachBatch(b -> {
                assertThat(b.size()).isPositive().isLessThanOrEqualTo(EventReader.LENT_BATCH);
                all.addAll(b);
                batches[0]++;
            });
            assertThat(n).isEqualTo(all.size());
            return new Lent(all, batches[0], r.skippedRecords(), null);
        } catch (EventFormatException e) {
            return new Lent(all, batches[0], -1, e.getMessage());
        }
    }

    /**
     * A lent stream against a batch-by-batch run of the same file: the same error, and the same events
     * (all of them without an error; with one, the events both gave before it agree), and the same
     * skipped count.
     */
    static void assertSameEvents(Lent got, Run want, String what) {
        assertThat(got.error()).as(what + ": error").isEqualTo(want.error());
        EventBatch all = new EventBatch(1024);
        for (EventBatch b : want.batches()) {
            all.addAll(b);
        }
        int common = got.error() == null ? all.size() : Math.min(all.size(), got.events().size());
        if (got.error() == null) {
            assertThat(got.events().size()).as(what + ": events").isEqualTo(all.size());
        }
        EventBatch g = got.events();
        for (int k = 0; k < common; k++) {
            if (g.t()[k] != all.t()[k] || g.x()[k] != all.x()[k] || g.y()[k] != all.y()[k] || g.p()[k] != all.p()[k]) {
                throw new AssertionError(what + ": lent events differ at event " + k + " of " + common + ": ("
                        + g.t()[k] + ", " + g.x()[k] + ", " + g.y()[k] + ", " + g.p()[k] + ") against (" + all.t()[k]
                        + ", " + all.x()[k] + ", " + all.y()[k] + ", " + all.p()[k] + ")");
            }
        }
        assertThat(got.skipped()).as(what + ": skipped").isEqualTo(want.skipped());
    }

    private Path file(String name, String header, byte[] body) throws IOException {
        return PropheseeReferenceDecoderTest.rawFile(dir, name, header, body);
    }

    private static byte[] littleEndian(short[] words) {
        return PropheseeReferenceDecoderTest.littleEndian(words);
    }

    private static byte[] littleEndian(int[] words) {
        return PropheseeReferenceDecoderTest.littleEndian(words);
    }

    /** Opens a RAW reader on a file with a thread count and, for two threads, the caller's chunk. */
    @FunctionalInterface
    private interface Open {
        RawReader open(Path p, int threads, int chunk) throws IOException;
    }

    private static void compareEvt3(Path p, int chunk, int batch, String what) throws IOException {
        compare(p, chunk, batch, what, (f, threads, c) -> threads == 1 ? new Evt3Reader(f, 1) : new Evt3Reader(f, threads, c));
    }

    private static void compareEvt2(Path p, int chunk, int batch, String what) throws IOException {
        compare(p, chunk, batch, what, (f, threads, c) -> threads == 1 ? new Evt2Reader(f, 1) : new Evt2Reader(f, threads, c));
    }

    /**
     * Two threads against one, batch by batch with {@code read}; then the lent streams of two threads
     * and of one against the same events.
     */
    private static void compare(Path p, int chunk, int batch, String what, Open open) throws IOException {
        RawReader two = open.open(p, 2, chunk);
        assertThat(two.threads()).as(what).isEqualTo(2);
        Run one = run(open.open(p, 1, chunk), batch);
        assertSameRun(run(two, batch), one, what);
        RawReader lent = open.open(p, 2, chunk);
        assertThat(lent.threads()).as(what).isEqualTo(2);
        assertSameEvents(lend(lent), one, what + ", lent on two threads");
        assertSameEvents(lend(open.open(p, 1, chunk)), one, what + ", lent on one thread");
    }

    /**
     * A default EVT 2.0 reader, once the vector decoder decodes, lends on two threads and copies
     * into the caller's batches on one (where one is faster), with the events of one thread either way.
     */
    @Test
    void aDefaultEvt2ReaderLendsOnTwoThreadsAndCopiesOnOne() throws Exception {
        assumeTrue(RawKernel.vectorNow() && RawReader.defaultThreads() > 1, "no vector decoder or one core");
        int[] s = PropheseeReferenceDecoderTest.evt2Stream(new SplittableRandom(41), 1_000_000, 640, 480);
        Path p = file("default2.raw", "% evt 2.0\n% format EVT2;height=480;width=640\n% end\n", littleEndian(s));
        Run one = run(new Evt2Reader(p, 1), 65_536);
        Evt2Reader lent = new Evt2Reader(p);
        assertThat(lent.threads()).as("before the first read: what forEachBatch takes").isEqualTo(2);
        assertSameEvents(lend(lent), one, "lent by a default reader");
        assertThat(lent.threads()).isEqualTo(2);
        Evt2Reader copied = new Evt2Reader(p);
        Run run = run(copied, 65_536);
        assertThat(copied.threads()).isEqualTo(1);
        assertSameRun(run, one, "read by a default reader");
        // a reader asked for two threads keeps them for read as well
        Evt2Reader asked = new Evt2Reader(p, 2);
        assertSameRun(run(asked, 65_536), one, "read on two threads");
        assertThat(asked.threads()).isEqualTo(2);
    }

    @Test
    void evt3TwoThreadsGiveTheSameBatchesAsOne() throws Exception {
        SplittableRandom r = new SplittableRandom(61);
        for (int round = 0; round < 4; round++) {
            boolean known = round != 3;
            int w = known ? 64 + r.nextInt(1300) : 2048;
            int h = known ? 48 + r.nextInt(700) : 2048;
            String header = known
                    ? "% evt 3.0\n% format EVT3;height=" + h + ";width=" + w + "\n%" + " ".repeat(round) + "\n% end\n"
                    : "% evt 3.0\n%" + " ".repeat(round) + "\n% end\n";
            Path p = file("s" + round + ".raw", header,
                    littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 700_000, w, h)));
            for (int chunk : new int[] {1024, 4096, 65_536}) {
                for (int batch : new int[] {12, 37, 4096, 65_536}) {
                    compareEvt3(p, chunk, batch, "round " + round + ", chunk " + chunk + ", batch " + batch);
                }
            }
        }
    }

    /**
     * Rows of vector words whose base x was set by a VECT_BASE_X many groups before (legal: the
     * base moves on by 12 per VECT_12 until the next VECT_BASE_X), so that a chunk decoder meets
     * vector words before any VECT_BASE_X of its own: it must leave them to the file-order decoder.
     */
    @Test
    void evt3VectorWordsWhoseBaseCameBeforeTheChunk() throws Exception {
        SplittableRandom r = new SplittableRandom(67);
        short[] words = new short[400_000];
        int n = 0;
        int time = 0;
        while (n < words.length - 400) {
            words[n++] = (short) (0x3000 | r.nextInt(2) << 11 | r.nextInt(40)); // VECT_BASE_X
            for (int g = 0; g < 100; g++) {
                time += 1 + r.nextInt(3);
                if ((time & 0xFFF) < 4 || g == 0) {
                    words[n++] = (short) (0x8000 | time >>> 12 & 0xFFF); // TIME_HIGH
                }
                words[n++] = (short) (0x6000 | time & 0xFFF); // TIME_LOW
                words[n++] = (short) (r.nextInt(480)); // ADDR_Y
                words[n++] = (short) (0x4000 | r.nextInt(1 << 12)); // VECT_12
                if (r.nextInt(4) == 0) {
                    words[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(1280)); // ADDR_X
                }
            }
        }
        Path p = file("bases.raw", "% evt 3.0\n% format EVT3;height=480;width=1280\n% end\n",
                littleEndian(java.util.Arrays.copyOf(words, n)));
        for (int chunk : new int[] {1024, 4096}) {
            for (int batch : new int[] {37, 65_536}) {
                compareEvt3(p, chunk, batch, "chunk " + chunk + ", batch " + batch);
            }
        }
    }

    /**
     * Thousands of vector words in a row: worker chunks that begin inside such a run meet vector
     * words before any VECT_BASE_X of their own, and rounds hold many times more events than words.
     */
    @Test
    void evt3LongRunsOfVectorWordsOnTwoThreads() throws Exception {
        Path p = file("runs.raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                littleEndian(PropheseeReferenceDecoderTest.vectorRunsStream(new SplittableRandom(79), 1_500_000)));
        for (int chunk : new int[] {4096, 65_536}) {
            for (int batch : new int[] {37, 65_536}) {
                compareEvt3(p, chunk, batch, "chunk " + chunk + ", batch " + batch);
            }
        }
    }

    @Test
    void evt3TwoThreadsAcrossManyTimeWraps() throws Exception {
        Path p = dir.resolve("w.raw");
        EventBatch e = PropheseeReferenceDecoderTest.writeWrappingEvt3(p, 5);
        for (int chunk : new int[] {1024, 16_384}) {
            compareEvt3(p, chunk, 65_536, "chunk " + chunk);
            EventBatch all = new EventBatch(0);
            try (Evt3Reader two = new Evt3Reader(p, 2, chunk)) {
                EventBatch b = new EventBatch(777);
                while (two.read(b) > 0) {
                    all.addAll(b);
                }
            }
            assertThat(all.contentEquals(e)).as("chunk " + chunk).isTrue();
        }
    }

    /**
     * The worker hands times over as 16-bit offsets from each block's first event; a block whose
     * times span 2^16 µs or more keeps them as 32-bit offsets, and one whose times span more than
     * that (EVT 3.0: 256 or more 24-bit wraps, EVT 2.0: time highs 2^32 µs apart) keeps them whole.
     * Streams mixing such blocks with ordinary ones give the same batches as one thread. (Blocks
     * with 16-bit offsets are those of every other test here.)
     */
    @Test
    void timesBeyond16And32BitsInOneWorkerBlockAreHandedOverWider() throws Exception {
        SplittableRandom r = new SplittableRandom(33);
        long int0 = ParallelDecoder.INT_BLOCKS.get();
        long wide0 = ParallelDecoder.WIDE_BLOCKS.get();
        short[] s3 = new short[400_000];
        int k = 0;
        while (k < s3.length - 8) {
            boolean wraps = (k / 40_000) % 2 == 0; // stretches of wraps and of slowly rising time
            int th = wraps ? (k / 4) % 2 * 4095 : k / 400;
            s3[k++] = (short) (0x8000 | th);
            for (int e = 0; e < 1 + r.nextInt(3); e++) {
                s3[k++] = (short) (0x6000 | r.nextInt(4096));
                s3[k++] = (short) r.nextInt(480);
                s3[k++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(640));
            }
        }
        Path p3 = file("wide3.raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                littleEndian(java.util.Arrays.copyOf(s3, k)));
        for (int chunk : new int[] {4096, 65_536}) {
            compareEvt3(p3, chunk, 65_536, "EVT 3.0, chunk " + chunk);
            compareEvt3(p3, chunk, 37, "EVT 3.0, chunk " + chunk + ", batch 37");
        }
        int[] s2 = new int[300_000];
        for (int i = 0; i < s2.length; i++) {
            boolean far = (i / 30_000) % 2 == 0;
            s2[i] = i % 3 == 0
                    ? 0x8000_0000 | (far ? (i / 3) % 2 * 0x0FFF_FFFF : i / 300) // time high 0 or 2^34 - 64 µs
                    : r.nextInt(2) << 28 | r.nextInt(64) << 22 | r.nextInt(640) << 11 | r.nextInt(480);
        }
        Path p2 = file("wide2.raw", "% evt 2.0\n% format EVT2;height=480;width=640\n% end\n", littleEndian(s2));
        for (int chunk : new int[] {4096, 65_536}) {
            compareEvt2(p2, chunk, 65_536, "EVT 2.0, chunk " + chunk);
            compareEvt2(p2, chunk, 13, "EVT 2.0, chunk " + chunk + ", batch 13");
        }
        assertThat(ParallelDecoder.INT_BLOCKS.get() - int0).as("blocks handed over with 32-bit offsets").isPositive();
        assertThat(ParallelDecoder.WIDE_BLOCKS.get() - wide0).as("blocks handed over with whole times").isPositive();
    }

    @Test
    void evt3TwoThreadsFailWhereOneFails() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        int w = 640;
        int h = 480;
        String header = "% evt 3.0\n% format EVT3;height=" + h + ";width=" + w + "\n% end\n";
        for (int round = 0; round < 30; round++) {
            short[] s = PropheseeReferenceDecoderTest.evt3Stream(r, 100_000 + r.nextInt(400_000), w, h);
            int at = r.nextInt(s.length);
            switch (round % 4) {
                case 0 -> s[at] = (short) (0x2000 | (w + r.nextInt(2048 - w))); // ADDR_X past the width
                case 1 -> s[at] = (short) (h + r.nextInt(2048 - h)); // a row past the height
                case 2 -> s[at] = (short) (0x3000 | (w - 1 - r.nextInt(3))); // a vector base near the edge
                default -> s[at] = (short) (new int[] {0x1, 0x9, 0xB, 0xC, 0xD}[r.nextInt(5)] << 12 | r.nextInt(4096));
            }
            byte[] body = littleEndian(s);
            if (round % 5 == 4) {
                body = java.util.Arrays.copyOf(body, body.length - 1); // ends inside a word
            }
            Path p = file("bad" + round + ".raw", header, body);
            for (int chunk : new int[] {1024, 8192}) {
                compareEvt3(p, chunk, round % 2 == 0 ? 1000 : 65_536, "round " + round + ", chunk " + chunk);
            }
        }
    }

    @Test
    void evt2TwoThreadsGiveTheSameBatchesAndErrorsAsOne() throws Exception {
        SplittableRandom r = new SplittableRandom(12);
        for (int round = 0; round < 24; round++) {
            int w = 64 + r.nextInt(1300);
            int h = 48 + r.nextInt(700);
            String header = "% evt 2.0\n% format EVT2;height=" + h + ";width=" + w + "\n%" + " ".repeat(round % 4) + "\n% end\n";
            int[] s = PropheseeReferenceDecoderTest.evt2Stream(r, 200_000 + r.nextInt(200_000), w, h);
            int at = r.nextInt(s.length);
            switch (round % 4) {
                case 1 -> s[at] = r.nextInt(2) << 28 | (r.nextBoolean() ? (w + r.nextInt(2048 - w)) << 11 : h + r.nextInt(2048 - h));
                case 2 -> s[at] = (2 + r.nextInt(6)) << 28;
                default -> {
                }
            }
            byte[] body = littleEndian(s);
            if (round % 4 == 3) {
                body = java.util.Arrays.copyOf(body, body.length - 1 - r.nextInt(3)); // ends inside a word
            }
            Path p = file("e" + round + ".raw", header, body);
            for (int chunk : new int[] {1024, 16_384}) {
                compareEvt2(p, chunk, round % 2 == 0 ? 13 : 65_536, "round " + round + ", chunk " + chunk);
            }
        }
    }

    /**
     * When the caller would wait for a worker chunk (not announced yet, or its next block) it takes
     * the chunk, or the rest of it, over; with the test hook the worker holds back every other
     * chunk's announcement, and every chunk's second block, until the caller has taken them, so
     * that both paths run on most chunks (valid streams, bad words, time wraps, EVT 2.0) and must
     * give the batches, events and errors of one thread.
     */
    @Test
    void chunksTakenOverByTheCallerGiveTheSameResultAsOneThread() throws Exception {
        ParallelDecoder.stealForTest = true;
        long steals = ParallelDecoder.STEALS.get();
        try {
            compareOnHookedStreams(new SplittableRandom(73), 3, "cut");
            assertThat(ParallelDecoder.STEALS.get() - steals).as("chunks taken over").isGreaterThan(20);
        } finally {
            ParallelDecoder.stealForTest = false;
        }
    }

    /**
     * For the tests with a hook on: {@code rounds} EVT 3.0 streams (the last with an x past the
     * width), each with two chunk sizes and two batch sizes, time wraps and an EVT 2.0 stream, each
     * decoded on two threads and on one.
     */
    private void compareOnHookedStreams(SplittableRandom r, int rounds, String name) throws Exception {
        for (int round = 0; round < rounds; round++) {
            short[] words = PropheseeReferenceDecoderTest.evt3Stream(r, 1_500_000, 640, 480);
            if (round == rounds - 1) {
                words[words.length / 2 + r.nextInt(1000)] = (short) (0x2000 | 700); // x past the width
            }
            Path p = file(name + round + ".raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                    littleEndian(words));
            for (int chunk : new int[] {65_536, 262_144}) {
                for (int batch : new int[] {37, 65_536}) {
                    compareEvt3(p, chunk, batch, "round " + round + ", chunk " + chunk + ", batch " + batch);
                }
            }
        }
        Path w = dir.resolve(name + "-wraps.raw");
        PropheseeReferenceDecoderTest.writeWrappingEvt3(w, 9);
        compareEvt3(w, 65_536, 65_536, "time wraps");
        int[] s = PropheseeReferenceDecoderTest.evt2Stream(r, 1_000_000, 640, 480);
        Path e = file(name + "2.raw", "% evt 2.0\n% format EVT2;height=480;width=640\n% end\n", littleEndian(s));
        compareEvt2(e, 65_536, 65_536, "EVT 2.0");
    }

    @Test
    void goingOnFromBytesReadAheadGivesTheSameResultAsOneThread() throws Exception {
        ParallelDecoder.prefetchForTest = true;
        long kept = ParallelDecoder.READ_AHEAD_KEPT.get();
        try {
            compareOnHookedStreams(new SplittableRandom(31), 2, "ahead");
            assertThat(ParallelDecoder.READ_AHEAD_KEPT.get() - kept).as("chunks gone on from bytes read ahead")
                    .isGreaterThan(20);
        } finally {
            ParallelDecoder.prefetchForTest = false;
        }
    }

    /**
     * A reader closed (here in the middle of a stream, by an action that throws) gives its blocks and
     * batches back, and the next reader decodes into them ({@code Recycler}): it lends the same
     * batches, and its events, copied or lent, are those of one thread on a fresh reader.
     */
    @Test
    void aReaderOnAClosedReadersMemoryGivesTheEventsOfAFreshOne() throws Exception {
        SplittableRandom r = new SplittableRandom(83);
        String header = "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n";
        Path a = file("recycled-a.raw", header,
                littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 1_500_000, 640, 480)));
        Path b = file("recycled-b.raw", header,
                littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 1_200_000, 640, 480)));
        Run oneB = run(new Evt3Reader(b, 1), 65_536);
        java.util.Set<EventBatch> firstLent = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Set<EventBatch> secondLent = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        // Both workers must lend. The first reader is stopped once it has lent three batches (its own
        // and two of its worker's): a worker that starts late, after the caller has taken over the
        // chunks it did not claim, lends none for a while. Each worker lends its first block in
        // batch slot 0, so the second reader lends the first's slot-0 batch again, with its own.
        boolean stopped = false;
        for (int attempt = 0; attempt < 20 && (!stopped || secondLent.size() < 2); attempt++) {
            firstLent.clear();
            secondLent.clear();
            stopped = false;
            // what earlier tests gave back could fill the budget and keep this reader's buffers out
            org.leinao.events.io.Recycler.clear();
            try (Evt3Reader two = new Evt3Reader(a, 2, 8192)) {
                two.forEachBatch(x -> {
                    firstLent.add(x);
                    if (firstLent.size() == 3) {
                        throw new IllegalStateException("stop");
                    }
                });
            } catch (IllegalStateException e) {
                assertThat(e).hasMessage("stop");
                stopped = true;
            }
            EventBatch all = new EventBatch(1024);
            try (Evt3Reader two = new Evt3Reader(b, 2, 8192)) {
                two.forEachBatch(x -> {
                    secondLent.add(x);
                    all.addAll(x);
                });
            }
            assertSameEvents(new Lent(all, 1, oneB.skipped(), null), oneB, "lent by a reader on recycled memory");
        }
        assertThat(stopped).as("the first reader closed in the middle, after its worker lent twice").isTrue();
        assertThat(secondLent).as("batches lent by the second reader, its worker's among them").hasSizeGreaterThan(1);
        secondLent.retainAll(firstLent);
        assertThat(secondLent).as("batches the closed reader lent (its own and its worker's), lent again")
                .hasSizeGreaterThan(1);
        assertSameRun(run(new Evt3Reader(a, 2, 8192), 4096), run(new Evt3Reader(a, 1), 4096),
                "copied on recycled memory");
    }

    /**
     * While it lends on two threads, an EVT 3.0 reader may end a batch up to {@code LOOSE_ROOM} events
     * short of full instead of filling its end in ever smaller steps; on one thread, and with
     * {@code read} into the caller's batches, it still fills them; the events are the same every way.
     */
    @Test
    void lentBatchesMayEndShortByTheLooseRoomOnly() throws Exception {
        assumeTrue(RawKernel.vectorNow(), "no vector decoder");
        SplittableRandom r = new SplittableRandom(97);
        Path p = file("loose.raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 3_000_000, 640, 480)));
        Run read = run(new Evt3Reader(p, 1), EventReader.LENT_BATCH);
        for (int i = 0; i < read.batches().size() - 1; i++) {
            assertThat(read.batches().get(i).size()).as("read batch " + i).isGreaterThan(EventReader.LENT_BATCH - 12);
        }
        for (int threads : new int[] {1, 2}) {
            List<Integer> sizes = new ArrayList<>();
            EventBatch all = new EventBatch(1024);
            try (Evt3Reader lent = new Evt3Reader(p, threads, 65_536)) {
                lent.forEachBatch(b -> {
                    sizes.add(b.size());
                    all.addAll(b);
                });
                assertThat(lent.read(new EventBatch(100))).as("a read after the end").isZero();
            }
            assertSameEvents(new Lent(all, sizes.size(), read.skipped(), null), read, threads + " thread(s), lent");
            if (threads == 1) {
                assertThat(sizes.subList(0, sizes.size() - 1)).as("one thread: full batches")
                        .allMatch(n -> n > EventReader.LENT_BATCH - 12);
            } else {
                long shortOnes = sizes.subList(0, sizes.size() - 1).stream()
                        .filter(n -> n < RawReader.OWN_BATCH - 11 && n >= RawReader.OWN_BATCH - RawKernel.LOOSE_ROOM)
                        .count();
                assertThat(shortOnes).as("two threads: batches that ended short").isPositive();
            }
        }
        // a read after a lending its action stopped fills its batches again
        try (Evt3Reader mixed = new Evt3Reader(p, 2, 65_536)) {
            int[] lentSoFar = {0};
            assertThatThrownBy(() -> mixed.forEachBatch(b -> {
                if (++lentSoFar[0] == 3) {
                    throw new IllegalStateException("stop");
                }
            })).hasMessage("stop");
            EventBatch b = new EventBatch(EventReader.LENT_BATCH);
            for (int i = 0; i < 5; i++) {
                assertThat(mixed.read(b)).as("read " + i + " after the lending").isGreaterThan(EventReader.LENT_BATCH - 12);
            }
        }
    }

    @Test
    void corruptedFilesGiveTheSameResultOnTwoThreads() throws Exception {
        // a mutation fuzz of the two-thread path: random bytes, bit flips and truncations anywhere in
        // 1 MB streams, read with both readers
        SplittableRandom r = new SplittableRandom(99);
        String h3 = "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n";
        String h2 = "% evt 2.0\n% format EVT2;height=480;width=640\n% end\n";
        byte[] b3 = littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 500_000, 640, 480));
        byte[] b2 = littleEndian(PropheseeReferenceDecoderTest.evt2Stream(r, 250_000, 640, 480));
        for (int round = 0; round < 40; round++) {
            boolean evt3 = round % 2 == 0;
            byte[] body = (evt3 ? b3 : b2).clone();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(body.length);
                switch (r.nextInt(3)) {
                    case 0 -> body[at] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> body[at] = (byte) r.nextInt(256);
                    default -> body = java.util.Arrays.copyOf(body, at + 1);
                }
            }
            Path p = file("m" + round + ".raw", evt3 ? h3 : h2, body);
            if (evt3) {
                compareEvt3(p, 4096, 4096, "mutant " + round);
            } else {
                compareEvt2(p, 4096, 4096, "mutant " + round);
            }
        }
    }

    /**
     * The lent stream of two threads hands over the worker's blocks as they are (a few batches the
     * reader owns, lent again and again), and mixes with {@code read}: a few batches read first, a
     * {@code forEachBatch} stopped by its action, {@code read} again, then {@code forEachBatch} to the
     * end give the events of one thread, in order.
     */
    @Test
    void lentBatchesAreTheWorkersBlocksAndMixWithRead() throws Exception {
        SplittableRandom r = new SplittableRandom(71);
        Path p = file("mix.raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 1_500_000, 640, 480)));
        Run one = run(new Evt3Reader(p, 1), 65_536);
        java.util.Set<EventBatch> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int[] batches = {0};
        EventBatch all = new EventBatch(1024);
        try (Evt3Reader two = new Evt3Reader(p, 2, 8192)) {
            two.forEachBatch(b -> {
                assertThat(b.size()).isPositive().isLessThanOrEqualTo(ParallelDecoder.BLOCK + Evt3Kernel.MIN_ROOM - 1);
                seen.add(b);
                batches[0]++;
                all.addAll(b);
            });
        }
        assertSameEvents(new Lent(all, batches[0], one.skipped(), null), one, "lent");
        assertThat(batches[0]).as("batches").isGreaterThan(4 * (ParallelDecoder.LEND_BLOCKS + 1));
        assertThat(seen).as("distinct batches lent: the reader's own and the worker's").hasSizeGreaterThan(1)
                .hasSizeLessThanOrEqualTo(ParallelDecoder.LEND_BLOCKS + 1);

        for (int stopAfter : new int[] {1, 7, 40}) {
            EventBatch mixed = new EventBatch(1024);
            try (Evt3Reader two = new Evt3Reader(p, 2, 4096)) {
                EventBatch b = new EventBatch(1000);
                for (int i = 0; i < 3 && two.read(b) > 0; i++) {
                    mixed.addAll(b);
                }
                int[] left = {stopAfter};
                IOException stop = new IOException("stop");
                Throwable thrown = catchThrowable(() -> two.forEachBatch(e -> {
                    mixed.addAll(e);
                    if (--left[0] == 0) {
                        throw stop;
                    }
                }));
                assertThat(thrown).isSameAs(stop);
                for (int i = 0; i < 5 && two.read(b) > 0; i++) {
                    mixed.addAll(b);
                }
                two.forEachBatch(mixed::addAll);
                assertThat(two.read(b)).isZero();
            }
            assertSameEvents(new Lent(mixed, 0, one.skipped(), null), one, "mixed, stopped after " + stopAfter);
        }
        assertThat(decodeWorkers()).isZero();
    }

    @Test
    void theWorkerThreadEndsOnCloseAndAtTheEnd() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        Path p = file("t.raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 1_000_000, 640, 480)));
        // closed after one batch, with the worker far ahead and waiting for free blocks
        for (int i = 0; i < 20; i++) {
            try (Evt3Reader two = new Evt3Reader(p, 2, 4096)) {
                two.read(new EventBatch(100));
            }
        }
        assertThat(decodeWorkers()).isZero();
        // read to the end, closed
        try (Evt3Reader two = new Evt3Reader(p, 2, 4096)) {
            EventBatch b = new EventBatch(65_536);
            while (two.read(b) > 0) {
                assertThat(b.size()).isPositive();
            }
        }
        assertThat(decodeWorkers()).isZero();
        // dropped without close: the cleaner ends the worker once the reader is collected
        dropReaders(p);
        assertThat(decodeWorkers()).isPositive();
        for (int i = 0; i < 100 && decodeWorkers() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(decodeWorkers()).isZero();
    }

    @Test
    void aWorkerFailureIsRethrownOnTheCallersThreadAndNoWorkerSurvives() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        Path p3 = file("f3.raw", "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n",
                littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 400_000, 640, 480)));
        Path p2 = file("f2.raw", "% evt 2.0\n% format EVT2;height=480;width=640\n% end\n",
                littleEndian(PropheseeReferenceDecoderTest.evt2Stream(r, 200_000, 640, 480)));
        assertWorkerFailureRethrown(new Evt3Reader(p3, 2, 4096), new IllegalStateException("injected worker bug"));
        assertWorkerFailureRethrown(new Evt2Reader(p2, 2, 4096), new InternalError("injected worker error"));
    }

    /**
     * Reads {@code reader} with {@link ParallelDecoder#workerFaultForTest} making the worker throw
     * {@code fault} before each chunk it claims: the read throws it on this thread, the reader closes,
     * and the worker has ended.
     */
    private static void assertWorkerFailureRethrown(EventReader reader, Throwable fault) throws Exception {
        // two claims: the worker claims its second chunk only after it has announced the failure of
        // its first, which the caller, held here meanwhile, cannot have taken over
        CountDownLatch claimed = new CountDownLatch(2);
        AtomicReference<Thread> worker = new AtomicReference<>();
        ParallelDecoder.workerFaultForTest = () -> {
            worker.compareAndSet(null, Thread.currentThread());
            claimed.countDown();
            if (fault instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) fault;
        };
        Throwable thrown;
        try {
            thrown = catchThrowable(() -> {
                EventBatch b = new EventBatch(100);
                // the first batch starts the worker; the caller then stays in the first chunk of a
                // large file until the worker has claimed two, so the failure is sure to be reached
                reader.read(b);
                assertThat(claimed.await(30, TimeUnit.SECONDS)).as("the worker claimed two chunks").isTrue();
                b = new EventBatch(4096);
                while (reader.read(b) > 0) {
                    assertThat(b.size()).isPositive();
                }
            });
        } finally {
            ParallelDecoder.workerFaultForTest = null;
        }
        assertThat(thrown).as("the worker's failure, on the caller's thread").isNotNull();
        assertThat(thrown == fault || thrown.getCause() == fault)
                .as("thrown %s is the worker's failure or caused by it", thrown).isTrue();
        assertThat(worker.get()).isNotNull().isNotSameAs(Thread.currentThread());
        reader.close();
        assertThat(worker.get().isAlive()).as("the worker thread after close").isFalse();
        assertThat(decodeWorkers()).isZero();
    }

    /**
     * A file replaced at its path after the reader opened it (a recording rotated, say): the worker
     * reads the file the reader opened, as the caller does, not the one the path names by the time it
     * starts (it used to open the path again on its first chunk).
     */
    @Test
    void theWorkerReadsTheFileTheReaderOpenedWhenThePathIsReplaced() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        String header = "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n";
        Path opened = file("opened.raw", header, littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 300_000, 640, 480)));
        Path copy = dir.resolve("copy.raw");
        Files.copy(opened, copy);
        Path other = file("other.raw", header, littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 300_000, 640, 480)));
        Run want = run(new Evt3Reader(copy, 1), 4096);
        Evt3Reader two = new Evt3Reader(opened, 2, 4096);
        Files.move(other, opened, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        assertThat(two.threads()).isEqualTo(2);
        assertSameEvents(lend(two), want, "lent on two threads after the path was replaced");
        assertThat(want.batches()).isNotEmpty();
    }

    @Test
    void smallFilesAndOneThreadUseNoWorker() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        Path p = file("small.raw", "% evt 3.0\n% end\n", littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 1000, 640, 480)));
        try (Evt3Reader one = new Evt3Reader(p)) {
            assertThat(one.threads()).isEqualTo(1);
        }
        Path big = file("big.raw", "% evt 3.0\n% end\n", littleEndian(PropheseeReferenceDecoderTest.evt3Stream(r, 400_000, 640, 480)));
        try (Evt3Reader one = new Evt3Reader(big, 1)) {
            assertThat(one.threads()).isEqualTo(1);
        }
    }

    /** Opens readers and drops them unclosed; in a method of its own so that no local keeps one alive. */
    private static void dropReaders(Path p) throws IOException {
        for (int i = 0; i < 5; i++) {
            Evt3Reader dropped = new Evt3Reader(p, 2, 4096);
            dropped.read(new EventBatch(100));
        }
    }

    private static long decodeWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("leinao-raw-decode") && t.isAlive()).count();
    }

    @Test
    void evt2TimeHighWrapsEvery2To34Microseconds() throws Exception {
        // TIME_HIGH holds time bits 33-6: after 0x0FFFFFFF comes 0, 2^34 µs (4.8 h) later.
        int[] words = {
            0x8FFF_FFFF, 1 << 28 | 5 << 22 | 3 << 11 | 4,
            0x8000_0000, 1 << 28 | 7 << 22 | 3 << 11 | 4,
            0x8000_0001, 0 << 28 | 1 << 22 | 2 << 11 | 2,
        };
        Path p = file("wrap2.raw", "% evt 2.0\n% format EVT2;height=480;width=640\n% end\n", littleEndian(words));
        for (boolean vector : new boolean[] {false, true}) {
            boolean before = Evt2Kernel.vectorForNewKernels;
            Evt2Kernel.vectorForNewKernels = vector && before;
            try (Evt2Reader r = new Evt2Reader(p, 1)) {
                org.leinao.events.EventBatch b = new org.leinao.events.EventBatch(16);
                assertThat(r.read(b)).isEqualTo(3);
                assertThat(java.util.Arrays.copyOf(b.t(), 3)).containsExactly(
                        (0x0FFF_FFFFL << 6) + 5, (1L << 34) + 7, (1L << 34) + 64 + 1);
            } finally {
                Evt2Kernel.vectorForNewKernels = before;
            }
        }
    }
}
