package org.leinao.events.bench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.format.prophesee.Evt2Reader;
import org.leinao.events.format.prophesee.Evt3Reader;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.FileReads;

/**
 * Measures how fast each reader decodes a generated file, next to two baselines that read the same
 * file's bytes in 1 MiB reads in the same run. The raw scan ({@link #scan}: {@code FileChannel}
 * reads, every 8-byte word summed with {@code ByteBuffer.getLong}) is what the ratio has
 * been measured against; its target is at least 0.5 of the scan rate for EVT 2.0, EVT 3.0, DAT and
 * uncompressed AEDAT 4.0. The read at the ceiling ({@link #read}: no copy by the JDK, the words
 * summed a vector at a time) is bound by the page cache and memory, where the scan was bound by its
 * own loop (docs/events-throughput.md, fifteenth pass): decode rate / read rate is the stricter measure of what
 * decoding costs beside reading.
 *
 * <p>The synthetic stream mimics a busy camera: about one event per µs, random pixels on a 1280x720
 * sensor, runs along rows so EVT 3.0 vectorises some of them. Before the timed passes, every mode is
 * run untimed ({@link #WARMUP_PASSES} passes and at least {@link #WARMUP_NANOS}, or
 * {@link #TWO_THREAD_WARMUP_NANOS} for a reader that decodes on two threads; the JVM warm-up,
 * reported on its own progress line, as {@code leinao bench} does for simulations); each
 * measurement then takes the best of {@code repeats} passes of {@link #SAMPLES_PER_PASS} samples of
 * every mode, the modes in turn (the scans and reads at the ceiling into heap and direct buffers in
 * turn).
 *
 * <p>The EVT 2.0 and EVT 3.0 readers decode on two threads when the machine has two cores (EVT 2.0
 * with the vector decoder only when its blocks are lent, as here, docs/events-throughput.md, fifteenth pass):
 * their rows say how many threads
 * decoded, and when that is two a second row gives the same reader on one thread. The raw scan is
 * always one thread.
 */
public final class DecodeBenchmark {

    /**
     * One measured format: the best times of the raw scan, of the decode and of the read at the
     * ceiling, in seconds, and the cores the run had ({@link #cores}).
     *
     * @param cores the median of the format's {@link #coresProbe} results: what two threads of
     *              arithmetic did at once, in one thread's work (2.0 when the machine's two cores
     *              are whole). On a shared host it falls when the host runs others on them, and the
     *              two-thread decoders then fall behind a one-thread scan
     */
    public record Row(String format, long events, long bytes, double scanSeconds, double decodeSeconds,
            double readSeconds, double cores) {
        /** Decoded events per second, millions. */
        public double decodeMevS() {
            return events / decodeSeconds / 1e6;
        }

        /** Raw scan rate, MB/s. */
        public double scanMBs() {
            return bytes / scanSeconds / 1e6;
        }

        /** Events per second the raw scan would allow, millions. */
        public double scanMevS() {
            return events / scanSeconds / 1e6;
        }

        /** Decode rate relative to the scan rate. */
        public double ratio() {
            return scanSeconds / decodeSeconds;
        }

        /** Events per second the read at the ceiling would allow, millions. */
        public double readMevS() {
            return events / readSeconds / 1e6;
        }

        /** Decode rate relative to the read at the ceiling. */
        public double readRatio() {
            return readSeconds / decodeSeconds;
        }
    }

    /**
     * Untimed passes of each mode before the timed ones, at least: the two-thread EVT readers kept
     * getting faster until the fifth to ninth pass of a JVM (docs/events-throughput.md, sixth pass).
     */
    static final int WARMUP_PASSES = 8;
    /** Warm-up also lasts at least this long (small files), within {@link #MAX_WARMUP_PASSES}. */
    static final long WARMUP_NANOS = 3_000_000_000L;
    /**
     * The warm-up of the formats decoded on two threads: their passes kept getting faster for about
     * 20 passes of a JVM (docs/events-throughput.md, eleventh pass), so that 3 s timed them before the steady
     * state.
     */
    static final long TWO_THREAD_WARMUP_NANOS = 8_000_000_000L;
    static final int MAX_WARMUP_PASSES = 1_000;
    /**
     * Samples of every mode per timed pass, the modes taken in turn (scan, read, decode, one-thread
     * decode), the scans and reads alternately into a heap and a direct buffer. A scan is short
     * (30-50 ms for 200 MB), so a busy moment on a shared host can slow every one of a few: the
     * best of more keeps the ceiling from looking lower than it is (which would flatter the ratio).
     * The decodes get as many samples, since the best of fewer is biased the other way: with four
     * scans and one decode per pass, on the noisy host, the ratio was held against the best of 20
     * scans but only 5 decodes (docs/events-throughput.md, eighteenth pass).
     */
    public static final int SAMPLES_PER_PASS = 4;

    private DecodeBenchmark() {
    }

    /** The formats measured by default. */
    public static List<EventFormat> defaultFormats() {
        return List.of(EventFormat.EVT2, EventFormat.EVT3, EventFormat.DAT, EventFormat.AEDAT4, EventFormat.NMNIST,
                EventFormat.NPY, EventFormat.AEDAT2);
    }

    /**
     * Generates a file of {@code events} events per format in {@code dir}, measures it, deletes it.
     *
     * @param progress receives one line per step (may be null)
     */
    public static List<Row> run(Path dir, long events, List<EventFormat> formats, int repeats,
            java.util.function.Consumer<String> progress) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (EventFormat f : formats) {
            SensorSize sensor = f == EventFormat.NMNIST ? new SensorSize(240, 180)
                    : f == EventFormat.AEDAT2 ? new SensorSize(640, 480) : new SensorSize(1280, 720);
            Path file = dir.resolve("bench." + f.extension());
            try {
                if (progress != null) {
                    progress.accept("generating " + events + " events as " + f.title());
                }
                generate(file, f, sensor, events);
                long bytes = Files.size(file);
                boolean threaded = f == EventFormat.EVT2 || f == EventFormat.EVT3;
                double scan = Double.MAX_VALUE;
                double read = Double.MAX_VALUE;
                double decode = Double.MAX_VALUE;
                double decode1 = Double.MAX_VALUE;
                List<Double> cores = new ArrayList<>();
                int[] threads = {1};
                // JVM warm-up, excluded from the timed passes below and reported on its own line:
                // every mode (scan, default decode, one-thread decode) in the same alternation
                long w0 = System.nanoTime();
                int warm = 0;
                do {
                    scan(file, false);
                    scan(file, true);
                    read(file, false);
                    read(file, true);
                    decode(file, f, sensor, events, 0, threads);
                    if (threaded && threads[0] > 1) {
                        decode(file, f, sensor, events, 1, new int[1]);
                    }
                    coresProbe();
                    warm++;
                } while (warm < WARMUP_PASSES || warm < MAX_WARMUP_PASSES
                        && System.nanoTime() - w0 < (threads[0] > 1 ? TWO_THREAD_WARMUP_NANOS : WARMUP_NANOS));
                if (progress != null) {
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "%s: JVM warm-up (excluded below): %d untimed passes of each mode, %.2f s", f.title(), warm,
                            (System.nanoTime() - w0) / 1e9));
                }
                for (int r = 0; r < repeats; r++) {
                    // the modes in turn, so that a slow spell of the host falls on each alike
                    for (int k = 0; k < SAMPLES_PER_PASS; k++) {
                        scan = Math.min(scan, scan(file, k % 2 == 1));
                        read = Math.min(read, read(file, k % 2 == 1));
                        decode = Math.min(decode, decode(file, f, sensor, events, 0, threads));
                        if (threaded && threads[0] > 1) {
                            decode1 = Math.min(decode1, decode(file, f, sensor, events, 1, new int[1]));
                        }
                        cores.add(coresProbe());
                    }
                }
                double core = median(cores);
                String title = f.title() + (f == EventFormat.AEDAT4 ? " (uncompressed)" : "");
                List<Row> measured = new ArrayList<>();
                if (threaded) {
                    measured.add(new Row(title + (threads[0] > 1 ? " (" + threads[0] + " threads)" : " (1 thread)"), events,
                            bytes, scan, decode, read, core));
                    if (threads[0] > 1) {
                        measured.add(new Row(title + " (1 thread)", events, bytes, scan, decode1, read, core));
                    }
                } else {
                    measured.add(new Row(title, events, bytes, scan, decode, read, core));
                }
                for (Row row : measured) {
                    rows.add(row);
                    if (progress != null) {
                        progress.accept(String.format(java.util.Locale.ROOT,
                                "%s: %.1f M events/s (scan %.1f M events/s, ratio %.2f; read %.1f, ratio %.2f;"
                                        + " cores %.2f)",
                                row.format(), row.decodeMevS(), row.scanMevS(), row.ratio(), row.readMevS(),
                                row.readRatio(), row.cores()));
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
        return rows;
    }

    /** Iterations of {@link #arithmetic}: about 4 ms on the AMD EPYC guest. */
    static final int PROBE_STEPS = 2_000_000;

    /**
     * How much of two cores the run has now: one thread runs {@link #arithmetic} alone, then two
     * threads run it at once, each timing its own; the result is the work both did per unit of
     * time, in units of the thread alone's: 2.0 with two whole cores, 1.0 with one core's worth
     * (each thread then took twice as long). The work stays in registers, so the memory the
     * decoders share does not enter it: it measures only the cores the host gave. It keeps a core's
     * multipliers busy, as the decoders keep its vector units: two hardware threads of one core (a
     * host may give a guest's two vCPUs those) share them and count as less than two, where a
     * chain of dependent steps, which leaves them idle most of the time, would count as two.
     */
    static double coresProbe() {
        long t0 = System.nanoTime();
        long sink = arithmetic(t0, PROBE_STEPS);
        long alone = System.nanoTime() - t0;
        long[] other = new long[2];
        Thread t = Thread.ofPlatform().name("leinao-cores-probe").start(() -> {
            long s0 = System.nanoTime();
            other[1] = arithmetic(s0, PROBE_STEPS);
            other[0] = System.nanoTime() - s0;
        });
        long s0 = System.nanoTime();
        sink += arithmetic(s0, PROBE_STEPS);
        long mine = System.nanoTime() - s0;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        if (sink + other[1] == 42) {
            System.out.print(""); // keeps the work alive
        }
        return (double) alone / mine + (double) alone / other[0];
    }

    /**
     * Six independent 64-bit LCGs, a step of each per iteration: bound by the core's multiply
     * throughput rather than by the latency of one chain.
     */
    static long arithmetic(long seed, int steps) {
        long a = seed;
        long b = seed + 1;
        long c = seed + 2;
        long d = seed + 3;
        long e = seed + 4;
        long f = seed + 5;
        for (int i = 0; i < steps; i++) {
            a = a * 6364136223846793005L + 1;
            b = b * 6364136223846793005L + 3;
            c = c * 6364136223846793005L + 5;
            d = d * 6364136223846793005L + 7;
            e = e * 6364136223846793005L + 9;
            f = f * 6364136223846793005L + 11;
        }
        return a ^ b ^ c ^ d ^ e ^ f;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        java.util.Collections.sort(v);
        return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
    }

    static void generate(Path file, EventFormat f, SensorSize sensor, long events) throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        EventBatch b = new EventBatch(1 << 16);
        long t = 0;
        long done = 0;
        try (EventWriter w = EventFiles.create(file, f, sensor, Aedat4Compression.NONE)) {
            while (done < events) {
                b.clear();
                while (b.size() < b.capacity() - 16 && done + b.size() < events) {
                    int y = r.nextInt(sensor.height());
                    int x = r.nextInt(sensor.width() - 8);
                    int p = r.nextInt(2);
                    int run = r.nextInt(8) == 0 ? 1 + r.nextInt(8) : 1;
                    for (int k = 0; k < run && done + b.size() < events; k++) {
                        b.add(t, x + k, y, p);
                    }
                    t += r.nextInt(3);
                }
                w.write(b);
                done += b.size();
            }
        }
    }

    private static EventReader open(Path file, EventFormat f, SensorSize sensor, int threads) throws IOException {
        if (threads > 0 && f == EventFormat.EVT3) {
            return new Evt3Reader(file, threads);
        }
        if (threads > 0 && f == EventFormat.EVT2) {
            return new Evt2Reader(file, threads);
        }
        return EventFiles.open(file, f, sensor);
    }

    private static ByteBuffer directBuf;

    /** One direct buffer for all direct scans (direct memory is freed only by the collector). */
    private static synchronized ByteBuffer directBuffer() {
        if (directBuf == null) {
            directBuf = ByteBuffer.allocateDirect(ChannelInput.DEFAULT_BUFFER);
        }
        return directBuf.clear();
    }

    private static byte[] heapBuf;

    /** One array for all heap reads at the ceiling, so that they add no garbage between the decodes. */
    private static synchronized byte[] heapBuffer() {
        if (heapBuf == null) {
            heapBuf = new byte[ChannelInput.DEFAULT_BUFFER];
        }
        return heapBuf;
    }

    /**
     * One raw scan: 1 MiB {@code FileChannel} reads, summing the 8-byte words with {@code
     * ByteBuffer.getLong}, the scan the ratio has been measured against since the first
     * pass. Into a direct buffer the JDK reads without the copy that a heap buffer takes (from its
     * own direct buffer), which makes the scan 10-15 % faster on the AMD EPYC guest; the faster of
     * the two counts (memory-mapping was slower: docs/events-throughput.md, seventh pass). It is not the
     * fastest read of the bytes: its scalar loop takes about twice as long as the read itself
     * ({@link #read} is that ceiling, fifteenth pass).
     */
    private static double scan(Path file, boolean direct) throws IOException {
        long t0 = System.nanoTime();
        long acc = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = direct ? directBuffer() : ByteBuffer.allocate(ChannelInput.DEFAULT_BUFFER);
            while (ch.read(buf) > 0) {
                buf.flip();
                while (buf.remaining() >= 8) {
                    acc += buf.getLong();
                }
                buf.clear();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (acc == 42) {
            System.out.print(""); // keeps the sum alive
        }
        return s;
    }

    /** Whether {@link #read} sums with the Vector API (the module is in the boot layer). */
    static final boolean VECTOR_SUM = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle HEAP_WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** How {@link #scan} reads and touches the bytes, for the benchmark's report. */
    public static String scanMethod() {
        return "FileChannel reads, words summed one at a time with ByteBuffer.getLong";
    }

    /** How {@link #read} reads and touches the bytes, for the benchmark's report. */
    public static String readMethod() {
        return (FileReads.nativeAvailable() ? "pread(2) into a heap array" : "FileChannel reads into a heap array")
                + " or FileChannel reads into a direct buffer, the faster; words summed "
                + (VECTOR_SUM ? "a vector at a time" : "one at a time");
    }

    /**
     * One read of the file at the ceiling: 1 MiB reads, every 8-byte word summed so that every byte
     * is touched, a vector at a time so that the sum costs little beside the read. Into a heap
     * array through the readers' own read path ({@link FileReads}) or into a direct buffer, no copy
     * by the JDK either way; the faster counts. Of a freshly written 193 MB file the read alone
     * took ~10 ms, {@link #scan} ~31 ms and this ~17 ms (docs/events-throughput.md, fifteenth pass).
     */
    private static double read(Path file, boolean direct) throws IOException {
        long t0 = System.nanoTime();
        long acc = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (direct) {
                ByteBuffer buf = directBuffer();
                MemorySegment seg = MemorySegment.ofBuffer(buf);
                int n;
                while ((n = ch.read(buf)) > 0) {
                    acc += sum(seg, n); // read to the buffer's start
                    buf.clear();
                }
            } else {
                byte[] arr = heapBuffer();
                try (FileReads reads = new FileReads(file, ch)) {
                    long pos = 0;
                    int n;
                    while ((n = reads.read(arr, 0, arr.length, pos)) > 0) {
                        acc += sum(arr, n);
                        pos += n;
                    }
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (acc == 42) {
            System.out.print(""); // keeps the sum alive
        }
        return s;
    }

    /** The sum of a direct buffer's bytes {@code [0, n)}, as 8-byte words and the bytes left. */
    private static long sum(MemorySegment seg, long n) {
        long s = 0;
        long i = 0;
        if (VECTOR_SUM) {
            i = VectorSum.covered(n);
            s = VectorSum.sum(seg, i);
        }
        for (; i + 8 <= n; i += 8) {
            s += seg.get(WORD, i);
        }
        for (; i < n; i++) {
            s += seg.get(ValueLayout.JAVA_BYTE, i);
        }
        return s;
    }

    /**
     * The sum of {@code arr[0..n)}, as 8-byte words and the bytes left: apart from the direct
     * buffers' {@link #sum(MemorySegment, long)}, so that each loop sees one kind of memory.
     */
    private static long sum(byte[] arr, int n) {
        long s = 0;
        int i = 0;
        if (VECTOR_SUM) {
            i = (int) VectorSum.covered(n);
            s = VectorSum.sum(arr, i);
        }
        for (; i + 8 <= n; i += 8) {
            s += (long) HEAP_WORD.get(arr, i);
        }
        for (; i < n; i++) {
            s += arr[i];
        }
        return s;
    }

    /**
     * One decoding pass.
     *
     * @param threads 0 for the reader's default, else the threads an EVT 2.0 / 3.0 reader may use
     * @param used    receives the number of threads that decoded
     */
    private static double decode(Path file, EventFormat f, SensorSize sensor, long expected, int threads, int[] used)
            throws IOException {
        long t0 = System.nanoTime();
        long n = 0;
        long acc = 0;
        try (EventReader r = open(file, f, sensor, threads)) {
            used[0] = r instanceof Evt3Reader e3 ? e3.threads() : r instanceof Evt2Reader e2 ? e2.threads() : 1;
            long[] sum = new long[1];
            n = r.forEachBatch(b -> sum[0] += b.t()[b.size() - 1] + b.x()[0]);
            acc = sum[0];
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (n != expected) {
            throw new IllegalStateException(f + ": decoded " + n + " events, wrote " + expected);
        }
        if (acc == 42) {
            System.out.print("");
        }
        return s;
    }
}
