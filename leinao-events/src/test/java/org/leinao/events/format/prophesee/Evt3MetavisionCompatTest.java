package org.leinao.events.format.prophesee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventReader;

/**
 * What {@link Evt3Writer} writes must read the same in Metavision as in Leinao. The decoder here
 * follows OpenEB's ({@code hal/cpp/include/metavision/hal/decoders/evt3/evt3_decoder.h}) where it
 * differs from a word-by-word reading of the format description: a VECT_12 is always the first of a
 * VECT_12, VECT_12, VECT_8 triple (32 pixels, then the base moves on by 32); a lone VECT_8 yields
 * nothing; a new TIME_HIGH sets the time low to 0; the counter wraps only when TIME_HIGH falls by
 * 2048 or more; words before the first TIME_HIGH are ignored. It also checks the grammar OpenEB's
 * validator ({@code evt3_validator.h}) enforces: whole triples, groups inside the sensor's width.
 */
class Evt3MetavisionCompatTest {

    @TempDir
    Path dir;

    /** Events as OpenEB decodes them; fails on what its validator reports as a protocol violation. */
    static EventBatch openEbDecode(byte[] words, int width) {
        EventBatch out = new EventBatch(0);
        ByteBuffer b = ByteBuffer.wrap(words).order(ByteOrder.LITTLE_ENDIAN);
        long loop = 0;
        int high = -1;
        int low = 0;
        int row = 0;
        int base = 0;
        int pol = 0;
        while (b.remaining() >= 2) {
            int w = b.getShort() & 0xFFFF;
            int type = w >>> 12;
            int v = w & 0xFFF;
            if (high < 0 && type != 0x8) {
                continue;
            }
            switch (type) {
                case 0x0 -> row = v & 0x7FF;
                case 0x2 -> out.add(loop << 24 | (long) high << 12 | low, v & 0x7FF, row, v >>> 11 & 1);
                case 0x3 -> {
                    base = v & 0x7FF;
                    pol = v >>> 11 & 1;
                }
                case 0x4 -> {
                    assertThat(b.remaining()).as("a VECT_12 starts a triple").isGreaterThanOrEqualTo(4);
                    int w2 = b.getShort() & 0xFFFF;
                    int w3 = b.getShort() & 0xFFFF;
                    assertThat(new int[] {w2 >>> 12, w3 >>> 12}).as("VECT_12, VECT_12, VECT_8").containsExactly(0x4, 0x5);
                    assertThat(base + 32).as("a vector group inside the sensor").isLessThanOrEqualTo(width);
                    long mask = v | (long) (w2 & 0xFFF) << 12 | (long) (w3 & 0xFF) << 24;
                    for (long m = mask; m != 0; m &= m - 1) {
                        out.add(loop << 24 | (long) high << 12 | low, base + Long.numberOfTrailingZeros(m), row, pol);
                    }
                    base += 32;
                }
                case 0x5 -> throw new AssertionError("a VECT_8 outside a triple");
                case 0x6 -> low = v;
                case 0x8 -> {
                    if (high >= 0 && high >= v + 2048) {
                        loop++;
                    }
                    if (high != v) {
                        low = 0;
                    }
                    high = v;
                }
                default -> {
                }
            }
        }
        return out;
    }

    @Test
    void whatTheWriterWritesReadsTheSameInMetavision() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 40; trial++) {
            int width = switch (trial % 4) {
                case 0 -> 1280;
                case 1 -> 40;
                case 2 -> 33;
                default -> 346;
            };
            SensorSize sensor = new SensorSize(width, 260);
            EventBatch in = new EventBatch(0);
            long t = r.nextLong(1 << 26);
            for (int g = 0; g < 3_000; g++) {
                int y = r.nextInt(260);
                int p = r.nextInt(2);
                int run = r.nextInt(4) == 0 ? 1 + r.nextInt(Math.min(width, 70)) : 1;
                // runs start anywhere, also near the right edge, with gaps inside
                int x = r.nextInt(width);
                for (int k = 0; k < run && x < width; k++) {
                    in.add(t, x, y, p);
                    x += 1 + (r.nextInt(5) == 0 ? r.nextInt(6) : 0);
                }
                // steps of 0, of a few µs, to the same time low in a later time high, across wraps
                t += switch (r.nextInt(12)) {
                    case 0 -> 4096L * (1 + r.nextInt(3));
                    case 1 -> (1L << 24) - r.nextInt(5000);
                    default -> r.nextInt(3);
                };
            }
            Path f = dir.resolve("m" + trial + ".raw");
            try (Evt3Writer w = new Evt3Writer(f, sensor)) {
                w.write(in);
            }
            byte[] words = words(f);
            EventBatch metavision = openEbDecode(words, width);
            EventBatch ours;
            try (EventReader rd = EventFiles.open(f)) {
                ours = rd.readAll(1 << 20).events();
            }
            assertSame(metavision, in, "Metavision, trial " + trial);
            assertSame(ours, in, "Leinao, trial " + trial);
        }
    }

    @Test
    void runsAreVectorsOnlyWhenThatTakesFewerWords() throws Exception {
        SensorSize sensor = new SensorSize(640, 480);
        EventBatch in = new EventBatch(0);
        for (int x = 10; x < 14; x++) {
            in.add(100, x, 3, 1); // four: as many words either way, so single events
        }
        for (int x = 20; x < 25; x++) {
            in.add(200, x, 4, 1); // five: VECT_BASE_X and a triple
        }
        Path f = dir.resolve("runs.raw");
        try (Evt3Writer w = new Evt3Writer(f, sensor)) {
            w.write(in);
        }
        ByteBuffer b = ByteBuffer.wrap(words(f)).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder types = new StringBuilder();
        while (b.remaining() >= 2) {
            types.append(Integer.toHexString((b.getShort() & 0xFFFF) >>> 12));
        }
        // TIME_HIGH, TIME_LOW, ADDR_Y, 4 x ADDR_X; TIME_LOW, ADDR_Y, VECT_BASE_X, VECT_12, VECT_12, VECT_8
        assertThat(types.toString()).isEqualTo("8602222" + "603445");
    }

    /** The words of a file our writer wrote: the bytes after its header's {@code % end} line. */
    private static byte[] words(Path f) throws java.io.IOException {
        byte[] all = Files.readAllBytes(f);
        int data = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("% end\n") + "% end\n".length();
        return java.util.Arrays.copyOfRange(all, data, all.length);
    }

    private static void assertSame(EventBatch got, EventBatch want, String what) {
        assertThat(got.size()).as(what + ": count").isEqualTo(want.size());
        for (int i = 0; i < want.size(); i++) {
            if (got.t()[i] != want.t()[i] || got.x()[i] != want.x()[i] || got.y()[i] != want.y()[i]
                    || got.p()[i] != want.p()[i]) {
                throw new AssertionError(what + ": event " + i + " is (" + got.t()[i] + ", " + got.x()[i] + ", "
                        + got.y()[i] + ", " + got.p()[i] + "), expected (" + want.t()[i] + ", " + want.x()[i] + ", "
                        + want.y()[i] + ", " + want.p()[i] + ")");
            }
        }
    }
}
