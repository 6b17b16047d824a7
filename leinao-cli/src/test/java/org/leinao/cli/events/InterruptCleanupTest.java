package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;

/**
 * Proves that a command stopped by the user, with Ctrl-C (SIGINT) or {@code kill} (SIGTERM), leaves
 * nothing at its destination: neither the output, nor the hidden staging sibling
 * ({@code .NAME.tmp-…}) it was writing, which the shutdown hooks of {@link StagedOutput} and
 * {@code RunWriter} delete. Each case runs the CLI in a child JVM, as the {@code leinao} launcher
 * does, waits until the staging file or folder holds data, sends the signal while the command is
 * still writing, and checks the exit status (128 + the signal's number) and that the output folder
 * is empty afterwards.
 *
 * <p>Covered: {@code events convert} (a staged file) by both signals, {@code events slice} (a
 * staged folder that gains a file every fraction of a millisecond) and {@code run --out DIR} (a run
 * folder). The slice case found a defect: the hook listed the folder, the command's own thread went
 * on adding slices, and the folder could not be removed, so {@code .DIR.tmp-…} stayed with a few
 * slices in it after every interrupt. {@code Staging.deleteQuietly} now renames a folder aside
 * before deleting it.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals; Windows ends a process without shutdown hooks")
class InterruptCleanupTest {

    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    /** Generous: the machine may be shared and loaded (2 cores, a benchmark running). */
    private static final long TIMEOUT_S = 60;

    @TempDir
    static Path inputs;
    private static Path events;
    private static Path model;

    @TempDir
    Path dir;
    /** Holds only what the command writes, so it must be empty after an interrupt. */
    private Path out;

    /**
     * Eight million EVT 2.0 events (32 MB, a quarter of a second to write): converted with
     * zstd_high or sliced by 200 events, they keep the command busy for several seconds, far longer
     * than the signal takes to arrive, while the test only pays until the signal. EVT 2.0 rather
     * than 3.0 so that the test does not depend on the EVT 3.0 decoder's work in progress.
     */
    @BeforeAll
    static void writeInputs() throws IOException {
        events = inputs.resolve("in.raw");
        SplittableRandom r = new SplittableRandom(1);
        EventBatch b = new EventBatch(1 << 16);
        long t = 0;
        try (EventWriter w = EventFiles.create(events, EventFormat.EVT2, new SensorSize(640, 480), null)) {
            for (int batch = 0; batch < 8_000_000 / (1 << 16) + 1; batch++) {
                b.clear();
                while (b.size() < b.capacity()) {
                    b.add(t, r.nextInt(640), r.nextInt(480), r.nextInt(2));
                    t += r.nextInt(3);
                }
                w.write(b);
            }
        }
        // Simulates in a fraction of a second, then writes for seconds: 500,000 spikes and 50 traces in
        // HDF5, CSV and NumPy, and the plots as PNG and SVG.
        model = Files.writeString(inputs.resolve("busy.yaml"), """
                name: busy
                dt: 0.1 ms
                duration: 500 ms
                seed: 1
                populations:
                  p: {size: 5000, model: iaf_psc_delta,
                      params: {C_m: 250 pF, tau_m: 20 ms, t_ref: 2 ms, E_L: 0 mV, V_th: 20 mV, V_reset: 10 mV}}
                stimuli:
                  - {type: dc, amplitude: 1000 pA, targets: p}
                record: {spikes: [p], state: {population: p, variables: [V_m], neurons: "0..49", interval: 0.1 ms}}
                """);
    }

    @BeforeEach
    void outputFolder() throws IOException {
        out = Files.createDirectory(dir.resolve("out"));
    }

    @Test
    void convertStoppedByKillLeavesNoFile() throws Exception {
        convertAndStop(SIGTERM);
    }

    @Test
    void convertStoppedByCtrlCLeavesNoFile() throws Exception {
        convertAndStop(SIGINT);
    }

    private void convertAndStop(int signal) throws Exception {
        Path target = out.resolve("out.aedat4");
        Process p = startEvents("events", "convert", events.toString(), target.toString(), "--compression", "zstd_high");
        awaitStaging(p, target, f -> Files.size(f) > 0);
        stopLeavesNothing(p, signal, target);
    }

    @Test
    void sliceStoppedByCtrlCLeavesNoFolder() throws Exception {
        Path target = out.resolve("slices");
        Process p = startEvents("events", "slice", events.toString(), "--out", target.toString(), "--count", "200",
                "--to", "evt2");
        // Enough slices that the hook is still deleting them while the command's thread adds more
        // (with 3 the old clean-up won the race and this case passed without the fix).
        awaitStaging(p, target, d -> count(d) >= 1000);
        stopLeavesNothing(p, SIGINT, target);
    }

    @Test
    void runStoppedByKillLeavesNoRunFolder() throws Exception {
        Path target = out.resolve("run");
        Process p = start(List.of(), "run", model.toString(), "--out", target.toString(), "--format", "csv",
                "--format", "npy", "--svg", "--threads", "1", "--quiet");
        awaitStaging(p, target, d -> count(d) >= 1);
        stopLeavesNothing(p, SIGTERM, target);
    }

    /** The CLI with the incubator module the launcher adds for the events commands. */
    private Process startEvents(String... args) throws IOException {
        return start(List.of("--add-modules", "jdk.incubator.vector"), args);
    }

    private Process start(List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (sigintIgnored()) {
            // A JVM started with SIGINT ignored (mvn run in the background of a script, nohup) leaves it
            // ignored, and so would the child: it would never see the Ctrl-C this test sends.
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), "org.leinao.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    /** A condition on the staging path that may vanish or change while it is checked. */
    @FunctionalInterface
    private interface Ready {
        boolean test(Path staging) throws IOException;
    }

    /** Waits until the staging sibling of {@code target} exists and satisfies {@code ready}. */
    private void awaitStaging(Process p, Path target, Ready ready) throws Exception {
        String prefix = "." + target.getFileName() + ".tmp-";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("the command ended (status " + p.exitValue() + ") before its staging output appeared:\n" + log());
            }
            Optional<Path> staging = find(out, n -> n.startsWith(prefix));
            try {
                if (staging.isPresent() && ready.test(staging.get())) {
                    return;
                }
            } catch (IOException vanishing) {
                // looked at while the command was replacing it: look again
            }
            Thread.sleep(5);
        }
        p.destroyForcibly();
        fail("no staging output " + prefix + "* with data after " + TIMEOUT_S + " s:\n" + log());
    }

    /** {@link #stop}, then nothing at {@code target} and nothing else left in the output folder. */
    private void stopLeavesNothing(Process p, int signal, Path target) throws Exception {
        stop(p, signal);
        assertThat(target).doesNotExist();
        assertThat(leftovers()).as(log()).isEmpty();
    }

    /** Sends {@code signal} and checks that the JVM ended as a signalled JVM does, after its hooks ran. */
    private void stop(Process p, int signal) throws Exception {
        if (signal == SIGTERM) {
            p.destroy(); // SIGTERM on POSIX systems
        } else {
            String kill = killBinary();
            Assumptions.assumeTrue(kill != null, "no 'kill' program on the PATH to send SIGINT with");
            Process k = new ProcessBuilder(kill, "-INT", Long.toString(p.pid())).redirectErrorStream(true).start();
            assertThat(k.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(k.exitValue()).as(new String(k.getInputStream().readAllBytes())).isZero();
        }
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the command did not end within " + TIMEOUT_S + " s of the signal:\n" + log());
        }
        // 0 would mean the command finished before the signal came: the input is too small to test with.
        assertThat(p.exitValue()).as("exit status; output:\n" + log()).isEqualTo(128 + signal);
        // the command's failure after the clean-up took its output away is not reported as an error
        assertThat(log()).as("output").doesNotContain("leinao:");
    }

    /** Everything left in the output folder, a folder's files included (they tell how it was left). */
    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(f -> !f.equals(out)).map(f -> out.relativize(f).toString()).sorted().limit(20).toList();
        }
    }

    private static Optional<Path> find(Path folder, Predicate<String> name) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> name.test(f.getFileName().toString())).findFirst();
        }
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static String killBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "/bin:/usr/bin").split(File.pathSeparator)) {
            Path k = Path.of(d, "kill");
            if (Files.isExecutable(k)) {
                return k.toString();
            }
        }
        return null;
    }

    /** Whether this process ignores SIGINT (Linux: bit 1 of SigIgn in /proc/self/status). */
    private static boolean sigintIgnored() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("SigIgn:")).findFirst()
                    .map(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) & (1L << (SIGINT - 1))) != 0)
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
