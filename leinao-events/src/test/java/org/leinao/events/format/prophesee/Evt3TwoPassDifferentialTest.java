package org.leinao.events.format.prophesee;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leinao.events.io.EventFormatException;

/**
 * The two-pass vector decoder against the kernel's scalar decoder, call by call, on adversarial
 * streams: each call's count, position, stop flag, error (offset and message), every event
 * (continuation marks included) and the whole decoder state must be the same. The streams mix
 * skipped and unknown words, bases near the sensor's edge, empty vectors, long vector runs, dense
 * rows of twelve events per word, TIME_HIGH wraps and stretches without vector words; the calls
 * start at odd offsets, take refills from 2 bytes to 1 MiB, batches from 1 to 65,536 events with
 * output arrays exactly as long as a reader gives them (so a store past them throws), sensors from
 * 40x30 to 65,536 wide, and a third of them are chunk decoders (sync, with or without continuation
 * marks). Written for an independent review of the thirteenth pass (docs/events.md); 20,000 seeds
 * at 512 and at 256 bits passed then ({@code -Devt3.fuzz.seeds=20000}, and {@code
 * -XX:MaxVectorSize=32} in the surefire argLine for 256 bits).
 */
class Evt3TwoPassDifferentialTest {

    private static final Path F = Path.of("fuzz.raw");

    static Evt3Kernel kernel(boolean vector) {
        boolean was = Evt3Kernel.vectorForNewKernels;
        Evt3Kernel.vectorForNewKernels = vector;
        try {
            return new Evt3Kernel(F, "sensor");
        } finally {
            Evt3Kernel.vectorForNewKernels = was;
        }
    }

    /**
     * {@code words} words for a {@code w} x {@code h} sensor. Mode 0: a mix of every word type a
     * file may hold, bases near the edge included; 1: that with long vector runs; 2: without skipped
     * words; 3: with unknown word types, x past the width and rows past the height (errors); 4: only valid words, no base
     * near the edge, vector words rare in some streams; 5: as 4 with dense rows of twelve events per
     * word.
     */
    static short[] stream(SplittableRandom r, int words, int w, int h, int mode) {
        short[] s = new short[words];
        int n = 0;
        int th = 0;
        int base = 0;
        int vecPct = r.nextInt(4) == 0 ? 0 : r.nextInt(4) == 0 ? 1 : 28;
        while (n < words) {
            int k = r.nextInt(100);
            if (mode >= 4 && k >= 60 && k < 88 && r.nextInt(28) >= vecPct) {
                k = 5;
            }
            if (mode == 5 && r.nextInt(100) == 0) {
                // dense rows of full VECT_12 from base 0 (all on the sensor)
                int lim = Math.min(w, 2048);
                int perRow = Math.max(0, (lim - 12) / 12);
                for (int row = r.nextInt(60); row > 0 && n < words; row--) {
                    s[n++] = (short) (0x3000 | r.nextInt(2) << 11);
                    for (int v = 0; v < perRow && n < words; v++) {
                        s[n++] = (short) (r.nextInt(8) == 0 ? 0x5000 | r.nextInt(256) : 0x4FFF);
                    }
                }
                if (n > 0) {
                    s[n - 1] = (short) (0x3000 | r.nextInt(Math.min(w, 2048) / 2));
                }
                continue;
            }
            if (mode >= 4) {
                // clean: no skipped words, no near-edge bases
                if (k < 60 || k >= 88) {
                    k = k % 3 == 0 ? 10 : k % 3 == 1 ? 30 : 50;
                    if (r.nextInt(60) == 0) {
                        k = 90;
                    }
                } else if (k < 70) {
                    base = r.nextInt(Math.max(1, Math.min(w, 2048) - 200));
                    s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | base);
                    continue;
                }
            }
            if (mode == 1 && r.nextInt(50) == 0) {
                // a long run of vectors
                int run = r.nextInt(2000);
                for (int i = 0; i < run && n < words; i++) {
                    int mask = r.nextInt(4) == 0 ? 0xFFF : r.nextInt(4096);
                    s[n++] = (short) ((r.nextBoolean() ? 0x4000 : 0x5000) | mask);
                    if (r.nextInt(40) == 0 && n < words) {
                        s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | r.nextInt(Math.min(w, 2048)));
                    }
                }
                continue;
            }
            if (k < 25) {
                s[n++] = (short) (0x6000 | r.nextInt(4096));
            } else if (k < 40) {
                s[n++] = (short) (r.nextInt(2) << 11 | r.nextInt(Math.min(h, 2048)));
            } else if (k < 60) {
                s[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(Math.min(w, 2048)));
            } else if (k < 70) {
                int lim = Math.min(w, 2048);
                base = r.nextInt(3) == 0 ? Math.max(0, lim - 1 - r.nextInt(24)) : r.nextInt(lim);
                s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | base);
            } else if (k < 88) {
                int mask = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 0xFFF;
                    case 2 -> 1 << r.nextInt(12);
                    default -> r.nextInt(4096);
                };
                s[n++] = (short) ((r.nextBoolean() ? 0x4000 : 0x5000) | mask);
            } else if (k < 92) {
                th = r.nextInt(4) == 0 ? r.nextInt(th + 1) : Math.min(4095, th + 1 + r.nextInt(3));
                s[n++] = (short) (0x8000 | th);
            } else if (k < 95 && mode != 2) {
                int[] types = {0x7, 0xA, 0xE, 0xF};
                s[n++] = (short) (types[r.nextInt(4)] << 12 | r.nextInt(4096));
            } else if (k < 96 && mode == 3) {
                int[] types = {0x1, 0x9, 0xB, 0xC, 0xD};
                s[n++] = (short) (types[r.nextInt(5)] << 12 | r.nextInt(4096));
            } else if (k < 97 && mode == 3) {
                s[n++] = (short) (0x2000 | r.nextInt(2048)); // maybe outside
            } else if (k < 98 && mode == 3) {
                // a row maybe past the height: an error at its next event, none when another
                // row follows first
                s[n++] = (short) r.nextInt(2048);
            } else {
                s[n++] = (short) (0x2000 | r.nextInt(Math.min(w, 2048)));
            }
        }
        return s;
    }

    record Out(int n, int pos, boolean stopped, String err, long errAt) {
    }

    static final class Run {
        final Evt3Kernel k;
        final long[] t;
        final short[] x;
        final short[] y;
        final byte[] p;

        Run(Evt3Kernel k, int cap) {
            this.k = k;
            t = new long[cap];
            x = new short[cap];
            y = new short[cap];
            p = new byte[cap];
        }

        Out call(byte[] arr, int pos, int end, int n, int room, int w, int h) {
            try {
                int m = k.decode(arr, pos, end, 1000, t, x, y, p, n, room, w, h);
                return new Out(m, k.pos, k.stopped, null, 0);
            } catch (EventFormatException e) {
                return new Out(-1, -1, false, e.problem(), e.offset());
            }
        }
    }

    static String state(Evt3Kernel k) {
        return "loops=" + k.loops + " th=" + k.timeHigh + " tl=" + k.timeLow + " y=" + k.addrY + " bx=" + k.baseX
                + " pol=" + k.pol + " known=" + k.baseKnown + " skipped=" + k.skipped + " thU=" + k.thUnknown
                + " firstThN=" + k.firstThN + " firstTh=" + k.firstTh;
    }

    /** Decodes arr[start..limit) with both kernels, batches of room, refills of random size. */
    static void compare(SplittableRandom r, byte[] arr, int start, int limit, int w, int h, boolean chunk,
            String what) {
        int room = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(200);
            case 1 -> 1 + r.nextInt(5000);
            case 2 -> 16384;
            default -> 65536;
        };
        Run a = new Run(kernel(true), room + 11);
        Run b = new Run(kernel(false), room + 11);
        int pos = start;
        if (chunk) {
            long known = r.nextBoolean() ? 0 : (long) r.nextInt(3) << 13 | r.nextInt(4096);
            a.k.assume(known);
            b.k.assume(known);
            int pa = a.k.sync(arr, start, limit);
            int pb = b.k.sync(arr, start, limit);
            if (pa != pb) {
                throw new AssertionError(what + ": sync at " + pa + " and " + pb);
            }
            pos = pa;
            boolean marks = r.nextBoolean();
            a.k.marksContinuations(marks);
            b.k.marksContinuations(marks);
        }
        int n = 0;
        int calls = 0;
        int end = start;
        while (pos < limit) {
            if (end <= pos) {
                int step = switch (r.nextInt(3)) {
                    case 0 -> 2 * (1 + r.nextInt(40));
                    case 1 -> 2 * (1 + r.nextInt(20000));
                    default -> 1 << 20;
                };
                end = Math.min(limit, pos + step);
            }
            Out oa = a.call(arr, pos, end, n, room, w, h);
            Out ob = b.call(arr, pos, end, n, room, w, h);
            calls++;
            String where = what + " call " + calls + " pos " + pos + " end " + end + " n " + n + " room " + room;
            if (!oa.equals(ob)) {
                throw new AssertionError(where + ": vector " + oa + " scalar " + ob);
            }
            if (oa.err != null) {
                return;
            }
            for (int i = n; i < oa.n; i++) {
                if (a.t[i] != b.t[i] || a.x[i] != b.x[i] || a.y[i] != b.y[i] || a.p[i] != b.p[i]) {
                    throw new AssertionError(where + ": event " + i + " (" + a.t[i] + "," + a.x[i] + "," + a.y[i] + ","
                            + a.p[i] + ") vs (" + b.t[i] + "," + b.x[i] + "," + b.y[i] + "," + b.p[i] + ")");
                }
            }
            if (!state(a.k).equals(state(b.k))) {
                throw new AssertionError(where + ": state " + state(a.k) + " vs " + state(b.k));
            }
            if (oa.stopped) {
                return;
            }
            pos = oa.pos;
            n = oa.n;
            if (n >= room) {
                n = 0;
            }
        }
    }

    @Test
    void twoPassDecoderMatchesTheScalarDecoderCallByCall() {
        long seed0 = Long.getLong("evt3.fuzz.seed", 1);
        int seeds = Integer.getInteger("evt3.fuzz.seeds", 300);
        if (!RawKernel.vectorNow()) {
            throw new AssertionError("the vector decoders are off: this test needs them");
        }
        for (long seed = seed0; seed < seed0 + seeds; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int[][] sensors = {
                {640, 480}, {1280, 720}, {2048, 2048}, {65536, 65536}, {40, 30}, {2050, 100}, {3000, 3000}};
            int[] wh = sensors[r.nextInt(sensors.length)];
            int mode = r.nextInt(6);
            int words = 1 + r.nextInt(r.nextBoolean() ? 300 : 100_000);
            short[] s = stream(r, words, wh[0], wh[1], mode);
            int off = r.nextInt(4);
            byte[] arr = new byte[off + 2 * s.length + r.nextInt(3)];
            for (int i = 0; i < s.length; i++) {
                arr[off + 2 * i] = (byte) s[i];
                arr[off + 2 * i + 1] = (byte) (s[i] >>> 8);
            }
            boolean chunk = r.nextInt(3) == 0;
            int start = off + (chunk ? 2 * r.nextInt(Math.max(1, s.length / 2)) : 0);
            compare(r, arr, start, off + 2 * s.length, wh[0], wh[1], chunk,
                    "seed " + seed + " mode " + mode + " sensor " + Arrays.toString(wh) + " chunk " + chunk);
        }
    }
}
