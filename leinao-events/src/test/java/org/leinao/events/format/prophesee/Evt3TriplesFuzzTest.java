package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.format.EventReader;
import org.leinao.events.io.EventFormatException;

/**
 * Word streams full of VECT_12, VECT_12, VECT_8 triples, lone and broken vector words and TIME_HIGH
 * falls of every size (around 2048 too): the vector decoder against the scalar one call by call, and
 * two threads against one (with the take-over and read-ahead test hooks). A validation run (about
 * 20 s); written for an independent review of the sixteenth pass (docs/events-throughput.md).
 */
@Tag("validation")
class Evt3TriplesFuzzTest {

    @TempDir
    Path dir;

    /** Mode 0: clean (no errors); 1: with skipped words and bases near the edge; 2: errors possible. */
    static short[] stream(SplittableRandom r, int words, int w, int h, int mode) {
        short[] s = new short[words + 64];
        int n = 0;
        int th = r.nextInt(4096);
        int lim = Math.min(w, 2048);
        while (n < words) {
            int k = r.nextInt(100);
            if (k < 12) {
                s[n++] = (short) (0x6000 | r.nextInt(4096));
            } else if (k < 22) {
                s[n++] = (short) (r.nextInt(2) << 11 | r.nextInt(Math.min(h, 2048)));
            } else if (k < 35) {
                s[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(lim));
            } else if (k < 70) {
                // VECT_BASE_X then triples (some without a base word before them), base inside
                int groups = 1 + r.nextInt(r.nextInt(10) == 0 ? 60 : 4);
                int base = mode >= 1 && r.nextInt(4) == 0 ? Math.max(0, lim - 1 - r.nextInt(40))
                        : r.nextInt(Math.max(1, lim - 32 * groups));
                if (mode == 0 || mode == 3) {
                    base = r.nextInt(Math.max(1, lim - 32 * groups));
                    if (base + 32 * groups > lim) {
                        groups = Math.max(0, (lim - base) / 32);
                    }
                }
                s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | base);
                for (int g = 0; g < groups && n < words + 40; g++) {
                    int kind = r.nextInt(6);
                    int m = switch (kind) {
                        case 0 -> -1;
                        case 1 -> 0;
                        case 2 -> 1 << r.nextInt(32);
                        default -> r.nextInt();
                    };
                    if (mode >= 1 && r.nextInt(30) == 0) { // a lone or broken vector
                        s[n++] = (short) ((r.nextBoolean() ? 0x4000 : 0x5000) | r.nextInt(4096));
                        continue;
                    }
                    s[n++] = (short) (0x4000 | m & 0xFFF);
                    s[n++] = (short) (0x4000 | m >>> 12 & 0xFFF);
                    s[n++] = (short) (0x5000 | m >>> 24 & 0xFF);
                    if (r.nextInt(8) == 0) {
                        s[n++] = (short) (0x6000 | r.nextInt(4096)); // time low between triples
                    }
                }
            } else if (k < 80 && mode == 3 && r.nextInt(500) != 0) {
                s[n++] = (short) (0x6000 | r.nextInt(4096));
            } else if (k < 80 && mode == 3) {
                // rare TIME_HIGH, a random walk with steps around half the range either way
                th = Math.floorMod(th + (r.nextBoolean() ? 1 : -1) * (2040 + r.nextInt(17)) * (r.nextInt(3) == 0 ? 0 : 1)
                        + r.nextInt(3), 4096);
                s[n++] = (short) (0x8000 | th);
            } else if (k < 80) {
                // TIME_HIGH: forward, or a fall of any size (around 2048 in particular)
                int f = r.nextInt(5);
                if (f == 0) {
                    th = Math.max(0, th - 2040 - r.nextInt(17));
                } else if (f == 1) {
                    th = r.nextInt(4096);
                } else if (f == 2 && th >= 2048) {
                    th = th - 2048 + (r.nextBoolean() ? 0 : 1);
                } else {
                    th = Math.min(4095, th + r.nextInt(3));
                    if (th == 4095 && r.nextBoolean()) {
                        th = r.nextInt(10);
                    }
                }
                s[n++] = (short) (0x8000 | th);
            } else if (k < 85 && mode >= 1) {
                int[] types = {0x7, 0xA, 0xE, 0xF};
                s[n++] = (short) (types[r.nextInt(4)] << 12 | r.nextInt(4096));
            } else if (k < 86 && mode == 2) {
                s[n++] = (short) (0x2000 | r.nextInt(2048)); // maybe outside
            } else {
                s[n++] = (short) (0x2000 | r.nextInt(lim));
            }
        }
        return Arrays.copyOf(s, n);
    }

    /** The words as a RAW file stores them, after {@code off} zero bytes. */
    static byte[] le(short[] s, int off) {
        byte[] arr = new byte[off + 2 * s.length];
        System.arraycopy(PropheseeReferenceDecoderTest.littleEndian(s), 0, arr, off, 2 * s.length);
        return arr;
    }

    @Test
    void twoPassAgainstScalarOnTriples() {
        long seed0 = Long.getLong("rev.seed", 1);
        int seeds = Integer.getInteger("rev.seeds", 3000);
        if (!RawKernel.vectorNow()) {
            throw new AssertionError("vector decoders off");
        }
        for (long seed = seed0; seed < seed0 + seeds; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int[][] sensors = {{640, 480}, {1280, 720}, {2048, 2048}, {65536, 65536}, {40, 30}, {33, 10}, {2050, 100}};
            int[] wh = sensors[r.nextInt(sensors.length)];
            int mode = r.nextInt(4);
            int words = 1 + r.nextInt(r.nextBoolean() ? 300 : 60_000);
            short[] s = stream(r, words, wh[0], wh[1], mode);
            int off = r.nextInt(4);
            byte[] arr = le(s, off);
            boolean chunk = r.nextInt(3) == 0;
            int start = off + (chunk ? 2 * r.nextInt(Math.max(1, s.length / 2)) : 0);
            Evt3TwoPassDifferentialTest.compare(r, arr, start, off + 2 * s.length, wh[0], wh[1], chunk,
                    "seed " + seed + " mode " + mode + " sensor " + Arrays.toString(wh) + " chunk " + chunk);
        }
        System.out.println("two-pass vs scalar seeds: " + seeds);
    }

    record Run(EventBatch events, List<Integer> sizes, long skipped, String error) {
    }

    static Run run(EventReader r, int batch) throws IOException {
        EventBatch all = new EventBatch(1024);
        List<Integer> sizes = new ArrayList<>();
        EventBatch b = new EventBatch(batch);
        try (r) {
            while (r.read(b) > 0) {
                all.addAll(b);
                sizes.add(b.size());
            }
            return new Run(all, sizes, r.skippedRecords(), null);
        } catch (EventFormatException e) {
            return new Run(all, sizes, -1, e.getMessage());
        }
    }

    static Run lend(EventReader r) throws IOException {
        EventBatch all = new EventBatch(1024);
        try (r) {
            r.forEachBatch(all::addAll);
            return new Run(all, List.of(), r.skippedRecords(), null);
        } catch (EventFormatException e) {
            return new Run(all, List.of(), -1, e.getMessage());
        }
    }

    static String cmp(Run got, Run want, boolean sizes) {
        if (!java.util.Objects.equals(got.error(), want.error())) {
            return "error " + got.error() + " vs " + want.error();
        }
        if (sizes && !got.sizes().equals(want.sizes())) {
            return "batch sizes differ";
        }
        EventBatch g = got.events();
        EventBatch e = want.events();
        int common = Math.min(g.size(), e.size());
        for (int i = 0; i < common; i++) {
            if (g.t()[i] != e.t()[i] || g.x()[i] != e.x()[i] || g.y()[i] != e.y()[i] || g.p()[i] != e.p()[i]) {
                return "event " + i + " (" + g.t()[i] + "," + g.x()[i] + "," + g.y()[i] + "," + g.p()[i] + ") vs ("
                        + e.t()[i] + "," + e.x()[i] + "," + e.y()[i] + "," + e.p()[i] + ")";
            }
        }
        if (want.error() == null && g.size() != e.size()) {
            return "count " + g.size() + " vs " + e.size();
        }
        if (got.skipped() != want.skipped()) {
            return "skipped " + got.skipped() + " vs " + want.skipped();
        }
        return null;
    }

    @Test
    void twoThreadsAgainstOneOnTriplesAndFalls() throws Exception {
        int files = Integer.getInteger("rev.files", 24);
        SplittableRandom r = new SplittableRandom(Long.getLong("rev.seed", 5));
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (int f = 0; f < files; f++) {
            ParallelDecoder.stealForTest = f % 3 == 1;
            ParallelDecoder.prefetchForTest = f % 3 == 2;
            try {
                int[][] sensors = {{640, 480}, {1280, 720}, {2048, 2048}, {40, 30}};
                int[] wh = sensors[r.nextInt(sensors.length)];
                int mode = f % 4 == 3 ? 2 : f % 4 == 2 ? 3 : f % 2;
                short[] s = stream(r, 600_000 + r.nextInt(900_000), wh[0], wh[1], mode);
                Path p = dir.resolve("t" + f + ".raw");
                Files.write(p, concat(("% evt 3.0\n% format EVT3;height=" + wh[1] + ";width=" + wh[0] + "\n% end\n")
                        .getBytes(StandardCharsets.US_ASCII), le(s, 0)));
                for (int chunk : new int[] {4096, 65_536}) {
                    try (Evt3Reader probe = new Evt3Reader(p, 2, chunk)) {
                        if (probe.threads() != 2) {
                            failures.add("file " + f + ": not two threads");
                        }
                    }
                    for (int batch : new int[] {12, 37, 65_536}) {
                        Run one = run(new Evt3Reader(p, 1, chunk), batch);
                        String d = cmp(run(new Evt3Reader(p, 2, chunk), batch), one, true);
                        compared++;
                        if (d != null) {
                            failures.add("file " + f + " mode " + mode + " chunk " + chunk + " batch " + batch + ": " + d);
                        }
                    }
                    Run one = run(new Evt3Reader(p, 1, chunk), 65_536);
                    String d = cmp(lend(new Evt3Reader(p, 2, chunk)), one, false);
                    compared++;
                    if (d != null) {
                        failures.add("file " + f + " mode " + mode + " chunk " + chunk + " lent: " + d);
                    }
                    // the reference decoder (format description, 2048 rule)
                    if (chunk == 4096) {
                        PropheseeReferenceDecoderTest.Decoded ref = PropheseeReferenceDecoderTest.referenceEvt3(
                                le(s, 0), 0, wh[0], wh[1], wh[0] + "x" + wh[1]);
                        if (ref.error() == null) {
                            String dd = cmp(one, new Run(ref.events(), List.of(), ref.skipped(), null), false);
                            if (dd != null) {
                                failures.add("file " + f + " vs reference: " + dd);
                            }
                        }
                    }
                }
                Files.delete(p);
            } finally {
                ParallelDecoder.stealForTest = false;
                ParallelDecoder.prefetchForTest = false;
            }
        }
        System.out.println("two-thread comparisons: " + compared + ", failures " + failures.size());
        failures.stream().limit(20).forEach(System.out::println);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.get(0));
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
