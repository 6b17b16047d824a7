package org.leinao.events.format.prophesee;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventReader;

/**
 * {@link Evt3Writer} on random streams (sensors 1-40 pixels wide, 1280, 2048 and unknown; runs with
 * gaps, at the right edge, repeated time lows across TIME_HIGH changes, jumps across 2^24 µs) read
 * back exactly by our readers (one and two threads, {@code read} and {@code forEachBatch}) and by a
 * decoder transcribed from OpenEB's {@code evt3_decoder.h} with its default validator. A validation
 * run (about 50 s); written for an independent review of the sixteenth pass.
 */
@Tag("validation")
class Evt3WriterFuzzTest {

    @TempDir
    Path dir;

    /** OpenEB EVT3Decoder<BasicCheckValidator>, time shifting off; violations are collected. */
    static EventBatch openEb(byte[] words, int width, int height, List<String> violations) {
        EventBatch out = new EventBatch(0);
        ByteBuffer b = ByteBuffer.wrap(words).order(ByteOrder.LITTLE_ENDIAN);
        int nw = words.length / 2;
        int[] w = new int[nw];
        for (int i = 0; i < nw; i++) {
            w[i] = b.getShort() & 0xFFFF;
        }
        int[] state = new int[16];
        boolean isValid = false;
        boolean isCd = false;
        boolean hasVectBase = false;
        long loop = 0;
        int high = 0;
        int low = 0;
        int i = 0;
        // base_time_set_: skip to the first TIME_HIGH
        while (i < nw && (w[i] >>> 12) != 0x8) {
            i++;
        }
        if (i < nw) {
            int t = w[i] & 0xFFF;
            high = t > 0 ? t - 1 : t;
        }
        while (i < nw) {
            int type = w[i] >>> 12;
            int content = w[i] & 0xFFF;
            if (type == 0x2) {
                if (isValid) {
                    out.add(loop << 24 | (long) high << 12 | low, content & 0x7FF, state[0], content >>> 11 & 1);
                }
                i++;
            } else if (type == 0x4) {
                if (i + 3 > nw) {
                    violations.add("incomplete triple at end");
                    break;
                }
                if (!isValid) {
                    i += 3;
                    continue;
                }
                int vb = state[3] & 0xF7FF;
                if (!hasVectBase || vb + 32 > width) {
                    hasVectBase = false;
                    violations.add("InvalidVectBase at word " + i + " base " + vb);
                } else {
                    if ((w[i + 1] >>> 12) != 0x4 || (w[i + 2] >>> 12) != 0x5) {
                        violations.add("PartialVect_12_12_8 at word " + i);
                    }
                    long valid = (w[i] & 0xFFF) | (long) (w[i + 1] & 0xFFF) << 12 | (long) (w[i + 2] & 0xFF) << 24;
                    for (long m = valid; m != 0; m &= m - 1) {
                        out.add(loop << 24 | (long) high << 12 | low, vb + Long.numberOfTrailingZeros(m), state[0],
                                (state[3] & 0x800) != 0 ? 1 : 0);
                    }
                }
                state[3] += 32;
                i += 3;
            } else if (type == 0x8) {
                int v = content;
                boolean strict = high == 0xFFF && v == 0;
                if (!strict && v - high < 0 && !((v - high + 0xFFF) < 0xFF)) {
                    violations.add("NonMonotonicTimeHigh at word " + i);
                }
                if (high >= 2048 + v) {
                    loop++;
                }
                if (high != v) {
                    low = 0;
                }
                high = v;
                i++;
            } else if (type == 0xA) {
                i++;
            } else if (type == 0xE) {
                if (content == 0x14 || content == 0x16) {
                    i += 4;
                } else {
                    i++;
                }
            } else {
                state[type] = content;
                isCd = type >= 2 ? isCd : type == 0;
                isValid = isCd && state[0] < height;
                if (type == 0x6) {
                    low = content;
                }
                if (type == 0x3) {
                    hasVectBase = true;
                }
                if (type == 0x5) {
                    violations.add("lone VECT_8 at word " + i);
                }
                i++;
            }
        }
        return out;
    }

    static String diff(EventBatch got, EventBatch want) {
        int n = Math.min(got.size(), want.size());
        for (int i = 0; i < n; i++) {
            if (got.t()[i] != want.t()[i] || got.x()[i] != want.x()[i] || got.y()[i] != want.y()[i]
                    || got.p()[i] != want.p()[i]) {
                return "event " + i + " is (" + got.t()[i] + "," + got.x()[i] + "," + got.y()[i] + "," + got.p()[i]
                        + ") expected (" + want.t()[i] + "," + want.x()[i] + "," + want.y()[i] + "," + want.p()[i] + ")";
            }
        }
        return got.size() == want.size() ? null : "count " + got.size() + " expected " + want.size();
    }

    static EventBatch gen(SplittableRandom r, int width, int height, int groups) {
        EventBatch in = new EventBatch(0);
        long t = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextLong(1L << 12);
            case 2 -> r.nextLong(1L << 26);
            default -> (1L << 24) - 1 - r.nextInt(3);
        };
        int sameTimeRuns = 0;
        for (int g = 0; g < groups; g++) {
            int y = r.nextInt(height);
            int p = r.nextInt(2);
            int run;
            switch (r.nextInt(6)) {
                case 0 -> run = 1 + r.nextInt(Math.max(1, width));
                case 1 -> run = 1 + r.nextInt(40);
                case 2 -> run = 5 + r.nextInt(8);
                default -> run = 1;
            }
            int x = switch (r.nextInt(4)) {
                case 0 -> Math.max(0, width - 1 - r.nextInt(Math.min(width, 40)));
                case 1 -> 0;
                default -> r.nextInt(width);
            };
            int gapKind = r.nextInt(4);
            for (int k = 0; k < run && x < width; k++) {
                in.add(t, x, y, p);
                x += 1 + switch (gapKind) {
                    case 0 -> 0;
                    case 1 -> r.nextInt(5) == 0 ? r.nextInt(40) : 0;
                    case 2 -> r.nextInt(3);
                    default -> r.nextInt(33);
                };
            }
            if (sameTimeRuns > 0) {
                sameTimeRuns--;
                continue;
            }
            int k = r.nextInt(20);
            if (k == 0) {
                sameTimeRuns = r.nextInt(30);
            }
            t += switch (k) {
                case 1 -> 4096L * (1 + r.nextInt(3)); // same time low, later time high
                case 2 -> (1L << 24) * (1 + r.nextInt(2)); // same low bits a loop later
                case 3 -> (1L << 24) - r.nextInt(5000);
                case 4 -> 4096 - (t & 0xFFF); // to the start of the next time high
                case 5 -> (1L << 24) - (t & 0xFFFFFF) - r.nextInt(2); // to the loop boundary
                case 6 -> (1L << 23) + r.nextInt(3); // half a loop
                default -> r.nextInt(3);
            };
        }
        return in;
    }

    static byte[] body(Path f) throws Exception {
        byte[] all = Files.readAllBytes(f);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int data = text.indexOf("% end\n") + "% end\n".length();
        return Arrays.copyOfRange(all, data, all.length);
    }

    static EventBatch readAll(EventReader r) throws Exception {
        try (r) {
            EventBatch all = new EventBatch(1024);
            EventBatch b = new EventBatch(1 + 12 + new SplittableRandom(all.hashCode()).nextInt(70_000));
            while (r.read(b) > 0) {
                all.addAll(b);
            }
            return all;
        }
    }

    static EventBatch lendAll(EventReader r) throws Exception {
        try (r) {
            EventBatch all = new EventBatch(1024);
            r.forEachBatch(all::addAll);
            return all;
        }
    }

    @Test
    void fuzzWriter() throws Exception {
        int cases = Integer.getInteger("rev.cases", 600);
        SplittableRandom r = new SplittableRandom(Long.getLong("rev.seed", 1));
        List<String> failures = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            int width = switch (c % 6) {
                case 0 -> 1280;
                case 1 -> 0; // unknown
                case 2 -> 2048;
                default -> 1 + r.nextInt(40);
            };
            int height = 1 + r.nextInt(c % 6 == 0 ? 720 : 300);
            SensorSize sensor = width == 0 ? SensorSize.UNKNOWN : new SensorSize(width, height);
            int ew = width == 0 ? 2048 : width;
            int eh = width == 0 ? 2048 : height;
            boolean big = c % 50 == 7;
            EventBatch in = gen(r, ew, eh, big ? 800_000 : 200 + r.nextInt(3000));
            Path f = dir.resolve("f" + c + ".raw");
            try (Evt3Writer w = new Evt3Writer(f, sensor)) {
                int i = 0;
                while (i < in.size()) { // in batches of random size, runs cut across batches
                    int j = Math.min(in.size(), i + 1 + r.nextInt(5000));
                    EventBatch part = new EventBatch(j - i);
                    part.addRange(in, i, j);
                    w.write(part);
                    i = j;
                }
            }
            List<String> v = new ArrayList<>();
            EventBatch mv = openEb(body(f), ew, eh, v);
            String what = "case " + c + " (width " + width + ", height " + height + ", " + in.size() + " events)";
            if (!v.isEmpty()) {
                failures.add(what + ": OpenEB violations " + v.subList(0, Math.min(3, v.size())));
            }
            String d = diff(mv, in);
            if (d != null) {
                failures.add(what + ": OpenEB " + d);
            }
            d = diff(readAll(EventFiles.open(f)), in);
            if (d != null) {
                failures.add(what + ": EventFiles read " + d);
            }
            d = diff(lendAll(EventFiles.open(f)), in);
            if (d != null) {
                failures.add(what + ": EventFiles forEachBatch " + d);
            }
            if (big || c % 10 == 0) {
                for (int th = 1; th <= 2; th++) {
                    d = diff(readAll(new Evt3Reader(f, th)), in);
                    if (d != null) {
                        failures.add(what + ": Evt3Reader(" + th + ") read " + d);
                    }
                    d = diff(lendAll(new Evt3Reader(f, th)), in);
                    if (d != null) {
                        failures.add(what + ": Evt3Reader(" + th + ") lend " + d);
                    }
                    d = diff(readAll(new Evt3Reader(f, th, 4096)), in);
                    if (d != null) {
                        failures.add(what + ": Evt3Reader(" + th + ", 4096) read " + d);
                    }
                }
            }
            Files.delete(f);
        }
        System.out.println("writer fuzz cases: " + cases + ", failures: " + failures.size());
        failures.stream().limit(20).forEach(System.out::println);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " failures, first: " + failures.get(0));
        }
    }
}
