package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;

/** Audit: error messages of the events commands name the option or file and what was expected. */
class EventsMessagesTest extends EventsCliTest {

    private String error() {
        String e = err.toString().strip();
        assertThat(e).doesNotContain("\n").doesNotContain("Exception");
        return e;
    }

    /** A file cut inside its file-data table read every event without a word; only a seek would fail. */
    @Test
    void infoWarnsAboutADamagedAedat4FileTable() throws Exception {
        Path f = dir.resolve("t.aedat4");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 5000; i++) {
            b.add(i * 10L, i % 64, (i / 64) % 48, i % 2);
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.AEDAT4, new SensorSize(64, 48), null)) {
            w.write(b);
        }
        assertThat(run("events", "info", f.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        byte[] bytes = java.nio.file.Files.readAllBytes(f);
        Path cut = dir.resolve("cut.aedat4");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertThat(run("events", "info", cut.toString())).isZero();
        assertThat(out.toString()).contains("events:      5000");
        assertThat(error()).startsWith("leinao: warning: " + cut + ": at byte ")
                .contains("file-data table").endsWith("; every event was read, but seeking by time would fail");
    }

    /** It named the hidden temporary file ({@code .x.npy.tmp-…: NoSuchFileException}). */
    @Test
    void convertIntoAMissingFolderSaysTheFolderIsMissing() throws Exception {
        Path o = dir.resolve("nodir").resolve("x.npy");
        assertThat(run("events", "convert", sample(i -> i % 2).toString(), o.toString())).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: " + o + ": folder " + dir.resolve("nodir")
                + " does not exist; create it first or choose another output");
    }

    /** It reported "Prophesee EVT 2.0, 0 events" with exit code 0. */
    @Test
    void infoOnAnEmptyFileIsAnError() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.raw"));
        assertThat(run("events", "info", f.toString())).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: " + f + ": at byte 0: empty file (0 bytes), expected an event file");
    }

    /** A header-less RAW file is refused by detection and read with --from. */
    @Test
    void fromNamesTheEncodingOfHeaderlessRawData() throws Exception {
        byte[] all = Files.readAllBytes(sample(i -> i % 2));
        String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("bare.raw");
        Files.write(f, java.util.Arrays.copyOfRange(all, text.indexOf("% end\n") + 6, all.length));
        assertThat(run("events", "info", f.toString())).isEqualTo(2);
        assertThat(error()).contains("no '%' header, so the RAW encoding is unknown");
        err.getBuffer().setLength(0);
        assertThat(run("events", "info", f.toString(), "--from", "evt3")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Prophesee EVT 3.0").contains("events:      2000");
        Path o = dir.resolve("bare.npy");
        assertThat(run("events", "convert", f.toString(), o.toString(), "--from", "evt3")).as(err.toString()).isZero();
        assertThat(run("events", "slice", f.toString(), "--from", "evt3", "--out", dir.resolve("s").toString(),
                "--slices", "2")).as(err.toString()).isZero();
    }

    private Path frames(int n) throws Exception {
        Path frames = Files.createDirectories(dir.resolve("video"));
        for (int k = 0; k < n; k++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 8,
                    java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int x = 0; x < 16; x++) {
                for (int y = 0; y < 8; y++) {
                    img.getRaster().setSample(x, y, 0, x == 4 * k ? 250 : 20);
                }
            }
            javax.imageio.ImageIO.write(img, "png", frames.resolve("f" + k + ".png").toFile());
        }
        return frames;
    }

    /** It printed "leinao: IIOException: Error reading PNG image data", naming no file. */
    @Test
    void aCorruptFrameIsNamedAndLeavesNoOutput() throws Exception {
        Path video = frames(3);
        Path bad = video.resolve("f2.png");
        byte[] png = Files.readAllBytes(bad);
        int idat = new String(png, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("IDAT") + 4;
        png[idat] = (byte) 0xFF; // the image data's zlib header: "incorrect header check"
        png[idat + 1] = (byte) 0xFF;
        Files.write(bad, png);
        Path o = dir.resolve("synth.npy");
        assertThat(run("events", "from-frames", video.toString(), "--out", o.toString())).isEqualTo(2);
        assertThat(error()).startsWith("leinao: " + bad + ": corrupt PNG frame (").endsWith("); expected a readable PNG"
                + " image");
        assertThat(o).doesNotExist();
    }

    /** It said "need a known sensor, thresholds > 0, refractory >= 0, noise >= 0". */
    @Test
    void aBadThresholdIsNamed() throws Exception {
        Path video = frames(2);
        assertThat(run("events", "from-frames", video.toString(), "--out", dir.resolve("a.npy").toString(),
                "--threshold", "-1")).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: --threshold -1.0: expected a log-intensity step > 0, e.g. 0.2");
        err.getBuffer().setLength(0);
        assertThat(run("events", "from-frames", video.toString(), "--out", dir.resolve("a.npy").toString(),
                "--off-threshold", "0")).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: --off-threshold 0.0: expected a log-intensity step > 0, e.g. 0.2");
    }

    /** It said "--window, --max-frames and --saturate must be positive". */
    @Test
    void renderNamesTheOneBadOption() throws Exception {
        assertThat(run("events", "render", sample(i -> i % 2).toString(), "--out", dir.resolve("f").toString(), "--max-frames",
                "0")).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: --max-frames 0: expected at least 1 frame");
        err.getBuffer().setLength(0);
        assertThat(run("events", "render", sample(i -> i % 2).toString(), "--out", dir.resolve("f").toString(), "--saturate",
                "0")).isEqualTo(2);
        assertThat(error()).startsWith("leinao: --saturate 0: expected at least 1");
    }

    /** It said "header length 1 (expected 8..0)", an empty range. */
    @Test
    void aTooShortAedat4HeaderSaysWhereTheFileEnds() throws Exception {
        Path bad = dir.resolve("bad.aedat4");
        Files.write(bad, "#!AER-DAT4.0\r\n\u0001\u0000\u0000\u0000\u0000".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(run("events", "info", bad.toString())).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: " + bad + ": at byte 14: header length 1, and the file ends at byte 19"
                + " with 1 bytes left (expected an IOHeader of at least 8 bytes)");
    }
}
