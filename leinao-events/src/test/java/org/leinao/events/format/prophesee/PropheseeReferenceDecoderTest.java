package org.leinao.events.format.prophesee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventReader;
import org.leinao.events.io.EventFormatException;

/**
 * The optimised EVT 3.0 and EVT 2.0 readers against a plain word-by-word decoder written here from
 * the format description (docs/events.md), on generated word streams with every word type: the
 * groups the fast paths take ({@code [TIME_LOW] ADDR_Y ADDR_X}, {@code [TIME_LOW] ADDR_X},
 * {@code [TIME_LOW] ADDR_Y VECT_BASE_X VECT_12/8}), vectors with more than eight bits or none,
 * vectors following vectors, TIME_HIGH with 24-bit wrap-around, skipped words, at every alignment to
 * the 1 MiB read buffer and with batch sizes that end inside groups. Streams with one event outside
 * the sensor or one unknown word must fail with the reference's message at the reference's byte.
 */
class PropheseeReferenceDecoderTest {

    @TempDir
    Path dir;

    /** What a decoder produced: the events, the skipped words, or the error (offset and message). */
    record Decoded(EventBatch events, long skipped, long errorAt, String error) {
    }

    // ---------------------------------------------------------------- EVT 3.0

    /** EVT 3.0 from the format description, one word at a time. */
    static Decoded referenceEvt3(byte[] body, int headerLength, int w, int h, String sensorText) {
        EventBatch out = new EventBatch(0);
        long skipped = 0;
        long loops = 0;
        int timeHigh = -1;
        int timeLow = 0;
        int row = 0;
        int baseX = 0;
        int pol = 0;
        for (int i = 0; i + 1 < body.length; i += 2) {
            int word = (body[i] & 0xFF) | (body[i + 1] & 0xFF) << 8;
            int type = word >>> 12;
            long at = headerLength + i;
            long time = (loops << 24) + ((long) Math.max(timeHigh, 0) << 12) + timeLow;
            if (type == 0x0) {
                row = word & 0x7FF;
            } else if (type == 0x2) {
                int col = word & 0x7FF;
                if (col >= w || row >= h) {
                    return new Decoded(null, 0, at, "event (" + col + ", " + row + ") outside the declared sensor " + sensorText);
                }
                out.add(time, col, row, word >>> 11 & 1);
            } else if (type == 0x3) {
                baseX = word & 0x7FF;
                pol = word >>> 11 & 1;
            } else if (type == 0x4 || type == 0x5) {
                int bits = type == 0x4 ? 12 : 8;
                for (int b = 0; b < bits; b++) {
                    if ((word >>> b & 1) != 0) {
                        int col = baseX + b;
                        if (col >= w || row >= h) {
                            return new Decoded(null, 0, at, "event (" + col + ", " + row + ") outside the declared sensor "
                                    + sensorText);
                        }
                        out.add(time, col, row, pol);
                    }
                }
                baseX += bits;
            } else if (type == 0x6) {
                timeLow = word & 0xFFF;
            } else if (type == 0x8) {
                int v = word & 0xFFF;
                // a wrap when the counter falls by half its range or more (OpenEB evt3_decoder.h)
                if (timeHigh - v >= 2048) {
                    loops++;
                }
                timeHigh = v;
            } else if (type == 0x7 || type == 0xA || type == 0xE || type == 0xF) {
                skipped++;
            } else {
                return new Decoded(null, 0, at, "unknown EVT 3.0 word type 0x" + Integer.toHexString(type)
                        + " (expected 0x0, 0x2-0x8, 0xA, 0xE or 0xF)");
            }
        }
        return new Decoded(out, skipped, -1, null);
    }

    /**
     * A stream mostly of the groups a camera writes, with everything else mixed in: stray state
     * words, vectors of 0-12 bits and vectors after vectors, TIME_HIGH steps with wrap-around,
     * CONTINUED/EXT_TRIGGER/OTHERS words.
     */
    static short[] evt3Stream(SplittableRandom r, int words, int w, int h) {
        short[] s = new short[words + 16];
        int n = 0;
        int th = 0;
        while (n < words) {
            int kind = r.nextInt(100);
            if (r.nextInt(3) != 0) {
                s[n++] = (short) (0x6000 | r.nextInt(4096)); // TIME_LOW
            }
            int y = r.nextInt(h);
            if (kind < 55) { // ADDR_Y ADDR_X
                s[n++] = (short) (r.nextInt(2) << 11 | y); // bit 11: system type, ignored
                s[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(w));
            } else if (kind < 65) { // ADDR_X on the current row
                s[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(w));
            } else if (kind < 85) { // ADDR_Y VECT_BASE_X VECT_12 / VECT_8 [more vectors]
                s[n++] = (short) y;
                int bx = r.nextInt(Math.max(1, w - 40));
                s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | bx);
                int more = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
                for (int v = 0; v <= more; v++) {
                    boolean v12 = r.nextInt(3) != 0;
                    int mask = switch (r.nextInt(5)) {
                        case 0 -> 0;
                        case 1 -> (1 << (v12 ? 12 : 8)) - 1; // all bits: 12 events, past the 8-slot path
                        default -> r.nextInt(1 << (v12 ? 12 : 8));
                    };
                    s[n++] = (short) ((v12 ? 0x4000 : 0x5000) | mask);
                }
            } else if (kind < 90) { // TIME_HIGH: forward, or backwards = a wrap of the 24-bit counter
                th = r.nextInt(4) == 0 ? r.nextInt(Math.max(1, th + 1)) : Math.min(4095, th + 1 + r.nextInt(3));
                s[n++] = (short) (0x8000 | th);
            } else if (kind < 95) { // skipped words
                int[] types = {0x7, 0xA, 0xE, 0xF};
                s[n++] = (short) (types[r.nextInt(4)] << 12 | r.nextInt(4096));
            } else { // stray state words
                s[n++] = (short) (r.nextBoolean() ? y : 0x3000 | r.nextInt(w));
            }
        }
        return java.util.Arrays.copyOf(s, n);
    }

    /** 16-bit words as a RAW file stores them. */
    static byte[] littleEndian(short[] words) {
        byte[] b = new byte[2 * words.length];
        for (int i = 0; i < words.length; i++) {
            b[2 * i] = (byte) words[i];
            b[2 * i + 1] = (byte) (words[i] >>> 8);
        }
        return b;
    }

    private Path file(String name, String header, byte[] body) throws IOException {
        return rawFile(dir, name, header, body);
    }

    /** Writes {@code header} (ASCII) then {@code body} to {@code dir/name}. */
    static Path rawFile(Path dir, String name, String header, byte[] body) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(header.getBytes(StandardCharsets.US_ASCII));
        o.write(body);
        Path p = dir.resolve(name);
        Files.write(p, o.toByteArray());
        return p;
    }

    private static Decoded read(EventReader r, int batch) {
        EventBatch all = new EventBatch(0);
        EventBatch b = new EventBatch(batch);
        try (r) {
            while (r.read(b) > 0) {
                all.addAll(b);
            }
            return new Decoded(all, r.skippedRecords(), -1, null);
        } catch (EventFormatException e) {
            return new Decoded(null, 0, e.offset(), e.problem());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSame(Decoded got, Decoded want, String what) {
        if (want.error() != null) {
            assertThat(got.error()).as(what).isEqualTo(want.error());
            assertThat(got.errorAt()).as(what).isEqualTo(want.errorAt());
            return;
        }
        assertThat(got.error()).as(what).isNull();
        assertThat(got.events().size()).as(what).isEqualTo(want.events().size());
        for (int i = 0; i < want.events().size(); i++) {
            EventBatch g = got.events();
            EventBatch e = want.events();
            if (g.t()[i] != e.t()[i] || g.x()[i] != e.x()[i] || g.y()[i] != e.y()[i] || g.p()[i] != e.p()[i]) {
                throw new AssertionError(what + ": event " + i + " is (" + g.t()[i] + ", " + g.x()[i] + ", " + g.y()[i]
                        + ", " + g.p()[i] + "), expected (" + e.t()[i] + ", " + e.x()[i] + ", " + e.y()[i] + ", "
                        + e.p()[i] + ")");
            }
        }
        assertThat(got.skipped()).as(what).isEqualTo(want.skipped());
    }

    @Test
    void evt3MatchesTheReferenceOnValidStreams() throws Exception {
        SplittableRandom r = new SplittableRandom(20261125);
        int[] batches = {12, 13, 37, 4096, 65_536};
        for (int round = 0; round < 6; round++) {
            boolean known = round % 3 != 2;
            int w = known ? 64 + r.nextInt(1300) : 2048;
            int h = known ? 48 + r.nextInt(700) : 2048;
            // pad the header so that words fall at both alignments and straddle buffer refills
            String header = known
                    ? "% evt 3.0\n% format EVT3;height=" + h + ";width=" + w + "\n%" + " ".repeat(round) + "\n% end\n"
                    : "% evt 3.0\n%" + " ".repeat(round) + "\n% end\n";
            int words = round < 2 ? 5_000 : 700_000; // 1.4 MB: more than one 1 MiB buffer fill
            byte[] body = littleEndian(evt3Stream(r, words, w, h));
            Decoded want = referenceEvt3(body, header.length(), known ? w : 65_536, known ? h : 65_536, "16-bit range");
            assertThat(want.error()).isNull();
            Path p = file("s" + round + ".raw", header, body);
            for (int batch : batches) {
                assertSame(read(new Evt3Reader(p), batch), want, "round " + round + ", batch " + batch);
            }
        }
    }

    /**
     * A row past the height is an error at the next event on it, wherever the row word and that
     * event fall in the vector decoder's windows (the same window, or a later one that carries the
     * row in), and no error when another row comes first.
     */
    @Test
    void evt3RowsPastTheHeightFailAtTheirNextEventOnly() throws Exception {
        int w = 640;
        int h = 480;
        String header = "% evt 3.0\n% format EVT3;height=" + h + ";width=" + w + "\n% end\n";
        int failures = 0;
        for (int pad = 0; pad < 70; pad++) {
            for (int lows : new int[] {0, 1, 7, 31, 32, 45}) {
                for (boolean rowFirst : new boolean[] {false, true}) {
                    short[] s = new short[pad + lows + 400];
                    int n = 0;
                    for (int i = 0; i < pad; i++) {
                        s[n++] = (short) (0x6000 | i); // TIME_LOW: no event
                    }
                    for (int g = 0; g < 20; g++) {
                        s[n++] = (short) (g * 7 % h);
                        s[n++] = (short) (0x2000 | g * 13 % w);
                    }
                    s[n++] = (short) (h + pad % (2048 - h)); // the row past the height
                    for (int i = 0; i < lows; i++) {
                        s[n++] = (short) (0x6100 | i);
                    }
                    if (rowFirst) {
                        s[n++] = (short) (h - 1);
                    }
                    s[n++] = (short) (0x2000 | 5);
                    while (n < s.length - 1) {
                        s[n++] = (short) (n % h);
                        s[n++] = (short) (0x2000 | n % w);
                    }
                    byte[] body = littleEndian(java.util.Arrays.copyOf(s, n));
                    Decoded want = referenceEvt3(body, header.length(), w, h, w + "x" + h);
                    assertThat(want.error() == null).as("reference").isEqualTo(rowFirst);
                    failures += want.error() == null ? 0 : 1;
                    Path p = file("row" + pad + "_" + lows + rowFirst + ".raw", header, body);
                    assertSame(read(new Evt3Reader(p), 65_536), want, "pad " + pad + ", lows " + lows
                            + (rowFirst ? ", a row on the sensor first" : ""));
                }
            }
        }
        assertThat(failures).isEqualTo(70 * 6);
    }

    @Test
    void evt3FailsWhereTheReferenceFails() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        int w = 640;
        int h = 480;
        String header = "% evt 3.0\n% format EVT3;height=" + h + ";width=" + w + "\n% end\n";
        String sensor = w + "x" + h;
        for (int round = 0; round < 40; round++) {
            short[] s = evt3Stream(r, 2_000 + r.nextInt(600_000), w, h);
            int at = r.nextInt(s.length);
            switch (round % 5) {
                case 0 -> s[at] = (short) (0x2000 | (w + r.nextInt(2048 - w))); // ADDR_X past the width
                case 1 -> s[at] = (short) (h + r.nextInt(2048 - h)); // a row past the height (fails at its next event)
                case 2 -> s[at] = (short) (0x3000 | (w - 1 - r.nextInt(3))); // a vector base near the edge
                case 3 -> s[at] = (short) (new int[] {0x1, 0x9, 0xB, 0xC, 0xD}[r.nextInt(5)] << 12 | r.nextInt(4096));
                default -> {
                    // one bad word in a common group: [TIME_LOW] ADDR_Y ADDR_X with x = w
                    if (at + 3 < s.length) {
                        s[at] = (short) 0x6123;
                        s[at + 1] = (short) 5;
                        s[at + 2] = (short) (0x2000 | w);
                    }
                }
            }
            byte[] body = littleEndian(s);
            Decoded want = referenceEvt3(body, header.length(), w, h, sensor);
            Path p = file("bad" + round + ".raw", header, body);
            for (int batch : new int[] {12, 1000, 65_536}) {
                assertSame(read(new Evt3Reader(p), batch), want, "round " + round + ", batch " + batch);
            }
        }
    }

    @Test
    void evt3VectorsPastX2047AreEventsWhenNoSensorIsDeclared() throws Exception {
        // the fast path's range check assumes x < 2048 and raises a false alarm here: the buffer fill
        // is decoded again with every check, which must accept these events (16-bit range)
        short[] s = new short[3000];
        for (int i = 0; i < s.length; i += 6) {
            s[i] = (short) 0x6007;                 // TIME_LOW 7
            s[i + 1] = (short) (i % 480);          // ADDR_Y
            s[i + 2] = (short) (0x3000 | 2040);    // VECT_BASE_X 2040, OFF
            s[i + 3] = (short) 0x4FFF;             // VECT_12: x 2040..2051
            s[i + 4] = (short) 0x50FF;             // VECT_8: x 2052..2059
            s[i + 5] = (short) (0x2000 | 5);       // ADDR_X 5
        }
        byte[] body = littleEndian(s);
        String header = "% evt 3.0\n% end\n";
        Decoded want = referenceEvt3(body, header.length(), 65_536, 65_536, "16-bit range");
        assertThat(want.events().size()).isEqualTo(500 * 21);
        Path p = file("wide.raw", header, body);
        for (int batch : new int[] {12, 100, 65_536}) {
            assertSame(read(new Evt3Reader(p), batch), want, "batch " + batch);
        }
    }

    @Test
    void evt3VectorsPastX2047DeepInALongStretchAreDecodedOnce() throws Exception {
        // The first pass leaves a vector word reaching past x 2047 to the word-by-word path and must
        // say exactly where it stopped: here such a word comes after tens to hundreds of ordinary
        // words (several vector windows into a round), so a wrong stop would decode words twice or
        // skip them.
        SplittableRandom r = new SplittableRandom(11);
        short[] s = new short[400_000];
        int n = 0;
        while (n < s.length - 400) {
            int groups = 5 + r.nextInt(120);
            for (int g = 0; g < groups; g++) {
                s[n++] = (short) (0x6000 | r.nextInt(4096));          // TIME_LOW
                s[n++] = (short) r.nextInt(720);                      // ADDR_Y
                if (r.nextInt(4) == 0) {
                    s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | r.nextInt(1200)); // VECT_BASE_X
                    s[n++] = (short) (0x4000 | r.nextInt(1 << 12));   // VECT_12
                } else {
                    s[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(1280)); // ADDR_X
                }
            }
            s[n++] = (short) (0x3000 | (2040 + r.nextInt(8)));       // VECT_BASE_X near 2047
            s[n++] = (short) (0x4000 | 1 + r.nextInt((1 << 12) - 1)); // VECT_12 past it (mostly)
            s[n++] = (short) (0x2000 | r.nextInt(1280));             // ADDR_X
        }
        byte[] body = littleEndian(java.util.Arrays.copyOf(s, n));
        String header = "% evt 3.0\n% end\n";
        Decoded want = referenceEvt3(body, header.length(), 65_536, 65_536, "16-bit range");
        Path p = file("deep-wide.raw", header, body);
        for (int batch : new int[] {37, 4096, 65_536}) {
            assertSame(read(new Evt3Reader(p), batch), want, "batch " + batch);
        }
    }

    @Test
    void evt3LongRunsOfVectorWordsMatchTheReference() throws Exception {
        byte[] body = littleEndian(vectorRunsStream(new SplittableRandom(13), 600_000));
        String header = "% evt 3.0\n% format EVT3;height=480;width=640\n% end\n";
        Decoded want = referenceEvt3(body, header.length(), 640, 480, "640x480");
        assertThat(want.error()).as("at %d", want.errorAt()).isNull();
        Path p = file("vector-runs.raw", header, body);
        for (int batch : new int[] {37, 4096, 65_536}) {
            assertSame(read(new Evt3Reader(p), batch), want, "batch " + batch);
        }
    }

    /**
     * About {@code words} words (640 x 480 sensor) with thousands of vector words in a row between
     * ordinary groups: sparse runs whose base x moves on past the sensor with empty masks (as the
     * format allows), and dense rows of twelve events per word with the base set back to 0 after
     * 53 words (x up to 635). Rounds made mostly of vector words, whose private stream is longer
     * than their input, and windows that are all vector words.
     */
    static short[] vectorRunsStream(SplittableRandom r, int words) {
        short[] s = new short[words];
        int n = 0;
        while (n < s.length - 9_000) {
            for (int g = r.nextInt(50); g > 0; g--) {
                s[n++] = (short) (0x6000 | r.nextInt(4096));              // TIME_LOW
                s[n++] = (short) r.nextInt(480);                          // ADDR_Y
                s[n++] = (short) (0x2000 | r.nextInt(2) << 11 | r.nextInt(640)); // ADDR_X
            }
            if (r.nextBoolean()) {
                s[n++] = (short) (0x3000 | r.nextInt(2) << 11 | r.nextInt(8)); // VECT_BASE_X
                int run = 1 + r.nextInt(8_000);
                for (int v = 0; v < run; v++) {
                    boolean v12 = r.nextBoolean();
                    // masks while the run is on the sensor (base < 600), then empty ones
                    int reach = 8 + 12 * v; // the base after v words is at most this
                    int mask = reach < 600 && r.nextInt(3) != 0 ? r.nextInt(1 << (v12 ? 12 : 8)) : 0;
                    s[n++] = (short) ((v12 ? 0x4000 : 0x5000) | mask);
                }
            } else {
                // dense rows: every bit set, twelve events per word, the base set back to 0 after
                // 53 words (x up to 635): a round's events many times its words
                for (int row = 1 + r.nextInt(60); row > 0; row--) {
                    s[n++] = (short) (0x3000 | r.nextInt(2) << 11);         // VECT_BASE_X 0
                    for (int v = 0; v < 53; v++) {
                        s[n++] = (short) 0x4FFF;                          // VECT_12, all bits
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(s, n);
    }

    /**
     * An EVT 3.0 file written by our writer (640 x 480): 300,000 draws of single events or runs that
     * become vectors, times over 2^24 µs with several wraps, written to {@code p}; returns the events.
     */
    static EventBatch writeWrappingEvt3(Path p, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        EventBatch e = new EventBatch(0);
        long t = 0;
        for (int i = 0; i < 300_000; i++) {
            int run = r.nextInt(6) == 0 ? 1 + r.nextInt(20) : 1;
            int x = r.nextInt(600);
            int y = r.nextInt(480);
            int pol = r.nextInt(2);
            for (int k = 0; k < run; k++) {
                e.add(t, x + k, y, pol);
            }
            t += r.nextInt(10) == 0 ? r.nextInt(1 << 26) : r.nextInt(3);
        }
        try (Evt3Writer wr = new Evt3Writer(p, new SensorSize(640, 480))) {
            wr.write(e);
        }
        return e;
    }

    @Test
    void evt3TimeHighWrapsAcrossManyCycles() throws Exception {
        // the writer's own files: times over 2^24 µs (several wraps), runs that become vectors
        Path p = dir.resolve("w.raw");
        EventBatch e = writeWrappingEvt3(p, 3);
        for (int batch : new int[] {12, 777, 65_536}) {
            Decoded got = read(new Evt3Reader(p), batch);
            assertThat(got.error()).isNull();
            assertThat(got.events().contentEquals(e)).as("batch " + batch).isTrue();
        }
    }

    /**
     * A TIME_HIGH that falls by less than half its range is a step back in time, not a wrap of the
     * 24-bit counter 16.8 s on (OpenEB counts a loop only for a fall of 2048 or more); one that falls
     * by more is a wrap; on one thread and on two.
     */
    @Test
    void evt3TimeHighFallsOfLessThanHalfTheRangeAreNoWraps() throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(3 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.List<long[]> want = new java.util.ArrayList<>();
        long loops = 0;
        int[] highs = {100, 99, 2147, 99, 4095, 2047, 2048, 0, 3000, 952, 953};
        for (int rep = 0; b.remaining() > 64; rep++) {
            for (int th : highs) {
                if (b.remaining() < 64) {
                    break;
                }
                int prev = want.isEmpty() ? -1 : (int) (want.get(want.size() - 1)[0] >>> 12 & 0xFFF);
                if (prev - th >= 2048) {
                    loops++;
                }
                int tl = (rep + th) & 0xFFF;
                int yy = (rep * 7 + th) % 100;
                b.putShort((short) (0x8000 | th)).putShort((short) (0x6000 | tl)).putShort((short) yy)
                        .putShort((short) (0x2000 | th % 200));
                want.add(new long[] {loops << 24 | (long) th << 12 | tl, th % 200, yy});
            }
        }
        String header = "% evt 3.0\n% format EVT3;height=100;width=200\n% end\n";
        byte[] body = java.util.Arrays.copyOf(b.array(), b.position());
        Path p = file("falls.raw", header, body);
        assertThat(referenceEvt3(body, header.length(), 200, 100, "200x100").events().size()).isEqualTo(want.size());
        for (int threads : new int[] {1, 2}) {
            try (Evt3Reader r = new Evt3Reader(p, threads)) {
                assertThat(r.threads()).isEqualTo(threads);
                EventBatch e = r.readAll(1 << 20).events();
                assertThat(e.size()).isEqualTo(want.size());
                for (int i = 0; i < want.size(); i++) {
                    long[] w = want.get(i);
                    if (e.t()[i] != w[0] || e.x()[i] != w[1] || e.y()[i] != w[2]) {
                        throw new AssertionError(threads + " thread(s), event " + i + ": (" + e.t()[i] + ", " + e.x()[i]
                                + ", " + e.y()[i] + "), expected (" + w[0] + ", " + w[1] + ", " + w[2] + ")");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- EVT 2.0

    /** EVT 2.0 from the format description, one word at a time. */
    static Decoded referenceEvt2(byte[] body, int headerLength, int w, int h, String sensorText) {
        EventBatch out = new EventBatch(0);
        long skipped = 0;
        long timeHigh = 0;
        for (int i = 0; i + 3 < body.length; i += 4) {
            int word = (body[i] & 0xFF) | (body[i + 1] & 0xFF) << 8 | (body[i + 2] & 0xFF) << 16 | (body[i + 3] & 0xFF) << 24;
            int type = word >>> 28;
            if (type == 0x0 || type == 0x1) {
                int col = word >>> 11 & 0x7FF;
                int row = word & 0x7FF;
                if (col >= w || row >= h) {
                    return new Decoded(null, 0, headerLength + i, "event (" + col + ", " + row
                            + ") outside the declared sensor " + sensorText);
                }
                out.add(timeHigh << 6 | (word >>> 22 & 0x3F), col, row, type);
            } else if (type == 0x8) {
                timeHigh = word & 0x0FFF_FFFF;
            } else if (type == 0xA || type == 0xE || type == 0xF) {
                skipped++;
            } else {
                return new Decoded(null, 0, headerLength + i, "unknown EVT 2.0 word type 0x" + Integer.toHexString(type)
                        + " (expected 0x0, 0x1, 0x8, 0xA, 0xE or 0xF)");
            }
        }
        return new Decoded(out, skipped, -1, null);
    }

    static int[] evt2Stream(SplittableRandom r, int words, int w, int h) {
        int[] s = new int[words];
        long th = 0;
        for (int i = 0; i < words; i++) {
            int k = r.nextInt(100);
            if (k < 88) {
                s[i] = r.nextInt(2) << 28 | r.nextInt(64) << 22 | r.nextInt(w) << 11 | r.nextInt(h);
            } else if (k < 96) {
                th += r.nextInt(3);
                s[i] = 0x8000_0000 | (int) (th & 0x0FFF_FFFF);
            } else {
                s[i] = new int[] {0xA, 0xE, 0xF}[r.nextInt(3)] << 28 | r.nextInt(1 << 28);
            }
        }
        return s;
    }

    /** 32-bit words as a RAW file stores them. */
    static byte[] littleEndian(int[] words) {
        byte[] b = new byte[4 * words.length];
        for (int i = 0; i < words.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (words[i] >>> 8 * k);
            }
        }
        return b;
    }

    @Test
    void evt2MatchesTheReferenceAndFailsWhereItFails() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 30; round++) {
            int w = 64 + r.nextInt(1300);
            int h = 48 + r.nextInt(700);
            String header = "% evt 2.0\n% format EVT2;height=" + h + ";width=" + w + "\n%" + " ".repeat(round % 4) + "\n% end\n";
            int[] s = evt2Stream(r, round < 10 ? 3_000 : 400_000, w, h);
            int at = r.nextInt(s.length);
            switch (round % 3) {
                case 1 -> s[at] = r.nextInt(2) << 28 | (r.nextBoolean() ? (w + r.nextInt(2048 - w)) << 11 : h + r.nextInt(2048 - h));
                case 2 -> s[at] = (2 + r.nextInt(6)) << 28; // types 0x2-0x7 are not EVT 2.0
                default -> {
                }
            }
            byte[] body = littleEndian(s);
            Decoded want = referenceEvt2(body, header.length(), w, h, w + "x" + h);
            Path p = file("e" + round + ".raw", header, body);
            for (int batch : new int[] {1, 13, 65_536}) {
                assertSame(read(new Evt2Reader(p), batch), want, "round " + round + ", batch " + batch);
            }
        }
    }

    /**
     * EVT 2.0 with runs of CD words long and short, so that {@link Evt2Vector} decodes whole vectors
     * of them, vectors that end at a TIME_HIGH or a skipped word in any lane, and vectors with an
     * event outside the sensor or an unknown word in any lane; on one thread and on two (small
     * chunks, so the worker decodes with vectors too), with the vector decoder and with the scalar
     * loop alone (the fallback when the module is missing). The build adds the module to the tests'
     * JVM, so this fails when the vector decoder goes wrong.
     */
    @Test
    void evt2VectorAndScalarDecodersMatchTheReference() throws Exception {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).as("the tests' JVM adds the module (pom.xml)")
                .isPresent();
        SplittableRandom r = new SplittableRandom(2025);
        boolean[] modes = RawKernel.vectorsAvailable() ? new boolean[] {true, false} : new boolean[] {false};
        for (int round = 0; round < 24; round++) {
            int w = round % 4 == 3 ? 2048 : 64 + r.nextInt(1300);
            int h = round % 4 == 3 ? 2048 : 48 + r.nextInt(700);
            int words = round < 8 ? 5_000 : 150_000;
            int[] s = new int[words];
            long th = 0;
            int i = 0;
            while (i < words) {
                // a run of CD words: short ones end inside a vector, long ones span many
                int run = r.nextInt(4) == 0 ? 100 + r.nextInt(300) : r.nextInt(40);
                for (int k = 0; k < run && i < words; k++) {
                    s[i++] = r.nextInt(2) << 28 | r.nextInt(64) << 22 | r.nextInt(w) << 11 | r.nextInt(h);
                }
                if (i < words) {
                    if (r.nextInt(3) > 0) {
                        th += 1 + r.nextInt(3);
                        s[i++] = 0x8000_0000 | (int) (th & 0x0FFF_FFFF);
                    } else {
                        s[i++] = new int[] {0xA, 0xE, 0xF}[r.nextInt(3)] << 28 | r.nextInt(1 << 28);
                    }
                }
            }
            int at = r.nextInt(words);
            switch (round % 4) {
                case 1 -> s[at] = r.nextInt(2) << 28 | (r.nextBoolean() ? (w + r.nextInt(2048 - w)) << 11 : h + r.nextInt(2048 - h));
                case 2 -> s[at] = (2 + r.nextInt(6)) << 28 | r.nextInt(1 << 28); // not an EVT 2.0 type
                default -> {
                }
            }
            byte[] body = littleEndian(s);
            String header = "% format EVT2;height=" + h + ";width=" + w + "\n%" + " ".repeat(round % 4) + "\n";
            Decoded want = referenceEvt2(body, header.length(), w, h, w + "x" + h);
            Path p = file("v" + round + ".raw", header, body);
            for (boolean vector : modes) {
                Evt2Kernel.vectorForNewKernels = vector;
                try {
                    for (int batch : new int[] {1, 15, 16, 17, 4096, 65_536}) {
                        String what = "round " + round + ", vector " + vector + ", batch " + batch;
                        assertSame(read(new Evt2Reader(p, 1), batch), want, what + ", 1 thread");
                        if (batch >= 16) {
                            assertSame(read(new Evt2Reader(p, 2, 16 << 10), batch), want, what + ", 2 threads");
                        }
                    }
                } finally {
                    Evt2Kernel.vectorForNewKernels = RawKernel.VECTOR_MODULE;
                }
            }
        }
    }

    /**
     * The EVT 3.0 tests above run with {@link Evt3TwoPass} (the tests' JVM adds the module); here the
     * same streams go through the scalar decoder alone, the fallback when the module is missing.
     */
    @Test
    void evt3ScalarDecoderMatchesTheReferenceToo() throws Exception {
        assertThat(Evt3Kernel.vectorForNewKernels && RawKernel.vectorNow()).as("the tests above decode with vectors")
                .isEqualTo(RawKernel.vectorsAvailable());
        boolean vector = Evt3Kernel.vectorForNewKernels;
        Evt3Kernel.vectorForNewKernels = false;
        try {
            evt3MatchesTheReferenceOnValidStreams();
            evt3FailsWhereTheReferenceFails();
            evt3VectorsPastX2047AreEventsWhenNoSensorIsDeclared();
            evt3TimeHighWrapsAcrossManyCycles();
        } finally {
            Evt3Kernel.vectorForNewKernels = vector;
        }
    }

    /**
     * The vector decoders take over once the JVM has decoded {@link RawKernel#vectorAfterBytes} with
     * the scalar ones (the tests' JVM sets it to 0): here in the middle of a file, on one thread and
     * on two, and the events are the reference's.
     */
    @Test
    void vectorDecodersTakeOverInTheMiddleOfAFile() throws Exception {
        long before = RawKernel.vectorAfterBytes;
        SplittableRandom r = new SplittableRandom(77);
        int w = 1280;
        int h = 720;
        String header3 = "% format EVT3;height=" + h + ";width=" + w + "\n";
        byte[] body3 = littleEndian(evt3Stream(r, 1_500_000, w, h));
        Decoded want3 = referenceEvt3(body3, header3.length(), w, h, w + "x" + h);
        Path p3 = file("takeover.raw", header3, body3);
        String header2 = "% format EVT2;height=" + h + ";width=" + w + "\n";
        byte[] body2 = littleEndian(evt2Stream(r, 800_000, w, h));
        Decoded want2 = referenceEvt2(body2, header2.length(), w, h, w + "x" + h);
        Path p2 = file("takeover2.raw", header2, body2);
        try {
            for (int threads = 1; threads <= 2; threads++) {
                for (long after : new long[] {1, 700_000, 1_700_000}) {
                    String what = threads + " thread(s), vectors after " + after + " bytes";
                    RawKernel.vectorAfterBytes = after;
                    RawKernel.resetVectorWarmUp();
                    assertSame(read(new Evt3Reader(p3, threads, 64 << 10), 4096), want3, "EVT 3.0, " + what);
                    assertThat(RawKernel.vectorNow()).as(what).isEqualTo(RawKernel.vectorsAvailable());
                    RawKernel.resetVectorWarmUp();
                    assertSame(read(new Evt2Reader(p2, threads, 64 << 10), 4096), want2, "EVT 2.0, " + what);
                    assertThat(RawKernel.vectorNow()).as(what).isEqualTo(RawKernel.vectorsAvailable());
                }
            }
        } finally {
            RawKernel.vectorAfterBytes = before;
            RawKernel.resetVectorWarmUp();
        }
    }
}
