package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.EventStats;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;
import picocli.CommandLine;

class EventsCommandTest extends EventsCliTest {

    @Test
    void infoPrintsTheSummary() throws Exception {
        assertThat(run("events", "info", sample(i -> i % 3 == 0 ? 1 : 0).toString())).isZero();
        assertThat(out.toString()).as(err.toString()).contains("Prophesee EVT 3.0").contains("64x48").contains("events:      2000")
                .contains("ON");
    }

    @Test
    void infoGivesAnAedat2HeadersCreationTime() throws Exception {
        Path f = dir.resolve("created.aedat");
        java.nio.file.Files.write(f, ("#!AER-DAT2.0\r\n# Creation time: System.currentTimeMillis() 1695355587880\r\n"
                + "# AEChip: eu.seebetter.ini.chips.davis.Davis346red\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(run("events", "info", f.toString())).isZero();
        assertThat(out.toString()).as(err.toString()).contains("AEDAT 2.0").contains("events:      0")
                .contains("created:     2023-09-22T04:06:27.880Z (the header's 1695355587880 ms since 1970");
        out.getBuffer().setLength(0);
        assertThat(run("events", "info", sample(i -> 0).toString())).isZero();
        assertThat(out.toString()).doesNotContain("created:");
    }

    @Test
    void convertRoundTrips() throws Exception {
        Path in = sample(i -> i % 3 == 0 ? 1 : 0);
        Path o = dir.resolve("out.aedat4");
        assertThat(run("events", "convert", in.toString(), o.toString(), "--compression", "zstd")).isZero();
        assertThat(EventStats.of(o).count()).isEqualTo(2000);
        Path n = dir.resolve("x.data");
        assertThat(run("events", "convert", o.toString(), n.toString(), "--to", "npy")).isZero();
        assertThat(EventStats.of(n).count()).isEqualTo(2000);
        // NumPy holds no sensor size: a RAW file written from it without --sensor warns that
        // Metavision will not open it
        Path raw = dir.resolve("x.raw");
        assertThat(run("events", "convert", n.toString(), raw.toString(), "--to", "evt3")).isZero();
        assertThat(err.toString()).contains("warning: " + raw + " declares no sensor size").contains("--sensor WxH");
        err.getBuffer().setLength(0);
        Path sized = dir.resolve("y.raw");
        assertThat(run("events", "convert", n.toString(), sized.toString(), "--to", "evt3", "--sensor", "64x48")).isZero();
        assertThat(err.toString()).doesNotContain("warning");
        assertThat(EventStats.of(sized).count()).isEqualTo(2000);
    }

    /** An AEDAT 4.0 file with camera-clock times (µs since 1970), as DV writes them. */
    private Path cameraClock() throws Exception {
        Path f = dir.resolve("clock.aedat4");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 2000; i++) {
            b.add(CLOCK + i * 50L, i % 64, (i / 64) % 48, i % 3 == 0 ? 1 : 0);
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.AEDAT4, new SensorSize(64, 48), null)) {
            w.write(b);
        }
        return f;
    }

    private static final long CLOCK = 1_605_537_493_718_345L;

    private static long[] times(Path f) throws Exception {
        try (var r = EventFiles.open(f)) {
            EventBatch b = r.readAll(10_000).events();
            return java.util.Arrays.copyOf(b.t(), b.size());
        }
    }

    @Test
    void convertShiftsCameraClockTimesWithTimeShift() throws Exception {
        Path in = cameraClock();
        Path o = dir.resolve("out.dat");
        assertThat(run("events", "convert", in.toString(), o.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not fit the first 32-bit timestamp").contains("--time-shift first");
        assertThat(o).doesNotExist();

        assertThat(run("events", "convert", in.toString(), o.toString(), "--time-shift", "first")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote 2000 events").contains("times shifted by -" + CLOCK + " µs");
        long[] t = times(o);
        assertThat(t).hasSize(2000);
        assertThat(t[0]).isZero();
        assertThat(t[1999]).isEqualTo(1999 * 50L);

        Path p = dir.resolve("out.raw");
        assertThat(run("events", "convert", in.toString(), p.toString(), "--to", "evt3", "--time-shift",
                (CLOCK - 345) + "us")).as(err.toString()).isZero();
        assertThat(times(p)[0]).isEqualTo(345);

        err.getBuffer().setLength(0);
        Path q = dir.resolve("neg.dat");
        assertThat(run("events", "convert", in.toString(), q.toString(), "--time-shift", (CLOCK + 1) + "us"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("leinao: " + in + ": cannot write as Prophesee DAT: event 0: time "
                + CLOCK + " µs minus the time shift of " + (CLOCK + 1) + " µs is -1 µs; shifted times must be"
                + " non-negative (shift by at most the earliest time)");
        assertThat(q).doesNotExist();

        err.getBuffer().setLength(0);
        assertThat(run("events", "convert", in.toString(), q.toString(), "--time-shift", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--time-shift soon: expected 'first'");
    }

    @Test
    void sliceShiftsTheWholeRecordingOnce() throws Exception {
        Path o = dir.resolve("slices");
        assertThat(run("events", "slice", cameraClock().toString(), "--out", o.toString(), "--window", "20ms",
                "--to", "dat", "--time-shift", "first")).as(err.toString()).isZero();
        // every slice keeps its place: the second starts 20 ms after the recording's first event
        assertThat(times(o.resolve("slice-00000.dat"))[0]).isZero();
        assertThat(times(o.resolve("slice-00001.dat"))[0]).isEqualTo(20_000);
    }

    @Test
    void renderWritesPngsAndGif() throws Exception {
        Path o = dir.resolve("frames");
        assertThat(run("events", "render", sample(i -> i % 3 == 0 ? 1 : 0).toString(), "--out", o.toString(), "--window", "10ms")).isZero();
        assertThat(o.resolve("frame-00000.png")).exists();
        assertThat(o.resolve("events.gif")).exists();
        assertThat(ImageIO.read(o.resolve("frame-00000.png").toFile()).getWidth()).isEqualTo(64);
    }

    @Test
    void sliceByWindow() throws Exception {
        Path o = dir.resolve("slices");
        assertThat(run("events", "slice", sample(i -> i % 3 == 0 ? 1 : 0).toString(), "--out", o.toString(), "--window", "20ms")).isZero();
        // 2000 events 50 µs apart: duration 99,950 µs -> floor((99950-20000)/20000)+1 = 4 slices
        try (var s = Files.list(o)) {
            assertThat(s.count()).isEqualTo(4);
        }
    }

    @Test
    void fromFramesMakesEvents() throws Exception {
        Path frames = Files.createDirectory(dir.resolve("video"));
        for (int k = 0; k < 4; k++) {
            BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int x = 0; x < 16; x++) {
                for (int y = 0; y < 8; y++) {
                    img.getRaster().setSample(x, y, 0, x == 4 * k ? 250 : 20); // a bright bar moving right
                }
            }
            ImageIO.write(img, "png", frames.resolve("f" + k + ".png").toFile());
        }
        Path o = dir.resolve("synth.evt2");
        assertThat(run("events", "from-frames", frames.toString(), "--threshold", "0.2", "--out", o.toString(), "--to", "evt2"))
                .as(err.toString()).isZero();
        EventStats s = EventStats.of(o);
        assertThat(s.count()).isPositive();
        assertThat(s.on()).isPositive().isLessThan(s.count());
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path bad = dir.resolve("bad.aedat4");
        Files.write(bad, "#!AER-DAT4.0\r\n\u0001\u0000\u0000\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(run("events", "info", bad.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("leinao: " + bad).contains("at byte").doesNotContain("\n");
        err.getBuffer().setLength(0);
        assertThat(run("events", "info", dir.resolve("missing.dat").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void benchRunsOnATinyFile() {
        CommandLine cl = new CommandLine(new EventsBenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--events", "20000", "--formats", "evt2,evt3", "--repeats", "1", "--dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("Prophesee EVT 2.0").contains("ratio").contains("read ratio")
                .contains("scan: FileChannel reads").contains("read: ");
        // each row: decode, scan and read rates, both ratios and the cores, all positive numbers
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Prophesee EVT 2\\.0 \\(1 thread\\)\\s+20000\\s+[0-9.]+\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)"
                        + "\\s+([0-9.]+)")
                .matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        double decode = Double.parseDouble(m.group(1));
        double scan = Double.parseDouble(m.group(2));
        double read = Double.parseDouble(m.group(4));
        assertThat(decode).isPositive();
        assertThat(Double.parseDouble(m.group(3))).isCloseTo(decode / scan, org.assertj.core.api.Assertions.within(0.011));
        assertThat(Double.parseDouble(m.group(5))).isCloseTo(decode / read, org.assertj.core.api.Assertions.within(0.011));
        // the cores the run had: about 1 per core the JVM may use, at most 2 (the probe's two
        // threads), with room for timing noise
        assertThat(Double.parseDouble(m.group(6))).isGreaterThan(0.3).isLessThan(2.6);
        assertThat(out.toString()).contains("cores: what two threads of arithmetic did at once");
    }
}
