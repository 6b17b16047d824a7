package org.leinao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end, with captured output: exit codes, messages, files. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run exec(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final String SMALL = """
            name: small
            dt: 0.1 ms
            duration: 200 ms
            seed: 3
            populations:
              exc: {size: 200, model: iaf_psc_delta,
                    params: {C_m: 250 pF, tau_m: 20 ms, t_ref: 2 ms, E_L: 0 mV, V_th: 20 mV, V_reset: 10 mV},
                    init: {V_m: {uniform: [0 mV, 20 mV]}}}
              inh: {size: 50, like: exc}
            stimuli:
              - {type: poisson, rate: 20 kHz, targets: [exc, inh], weight: 0.1 mV, delay: 1.5 ms}
            projections:
              - {from: exc, to: [exc, inh], connector: {fixed_indegree: 20}, weight: 0.1 mV, delay: 1.5 ms}
              - {from: inh, to: [exc, inh], connector: {fixed_indegree: 5}, weight: -0.5 mV, delay: 1.5 ms}
            record: {spikes: [exc, inh], state: {population: exc, variables: [V_m], neurons: "0..4", interval: 0.5 ms}}
            """;

    @Test
    void runWritesACompleteFolder() throws Exception {
        Path model = tmp.resolve("small.yaml");
        Files.writeString(model, SMALL);
        Path out = tmp.resolve("out");
        Run r = exec("run", model.toString(), "--out", out.toString(), "--threads", "2", "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(out.resolve("spikes.h5")).exists();
        assertThat(out.resolve("summary.json")).exists();
        assertThat(out.resolve("state_V_m.h5")).exists();
        assertThat(out.resolve("raster.png")).exists();
        assertThat(out.resolve("rates.png")).exists();
        assertThat(out.resolve("traces.png")).exists();
        Run info = exec("info", out.toString());
        assertThat(info.code()).isEqualTo(0);
        assertThat(info.out()).contains("small").contains("exc").contains("inh").contains("rate (Hz)");
        Files.delete(out.resolve("raster.png"));
        Run plot = exec("plot", out.toString());
        assertThat(plot.code()).as(plot.err()).isEqualTo(0);
        assertThat(out.resolve("raster.png")).exists();
    }

    @Test
    void plotAndInfoRefuseATruncatedStateFile() throws Exception {
        Path model = tmp.resolve("small.yaml");
        Files.writeString(model, SMALL);
        Path out = tmp.resolve("out");
        assertThat(exec("run", model.toString(), "--out", out.toString(), "--quiet", "--no-plots").code()).isZero();
        Path state = out.resolve("state_V_m.h5");
        byte[] b = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(b, b.length / 2));
        for (String command : new String[] {"plot", "info"}) {
            Run r = exec(command, out.toString());
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).isEqualTo("leinao: " + state + ": expected " + b.length + " bytes (the"
                    + " length in its HDF5 superblock), got " + b.length / 2 + ": the file is truncated"
                    + System.lineSeparator());
        }
        assertThat(out.resolve("raster.png")).doesNotExist();
    }

    @Test
    void existingOutputFolderIsNotOverwrittenSilently() throws Exception {
        Path model = tmp.resolve("small.yaml");
        Files.writeString(model, SMALL);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "earlier results");
        Run r = exec("run", model.toString(), "--out", out.toString(), "--quiet", "--no-plots");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("leinao: ").doesNotContain("Exception");
        assertThat(out.resolve("keep.txt")).exists();
        // --overwrite replaces only an earlier run's folder, never an arbitrary one.
        Run refused = exec("run", model.toString(), "--out", out.toString(), "--quiet", "--no-plots", "--overwrite");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("not a Leinao run folder");
        assertThat(out.resolve("keep.txt")).exists();
        Path run = tmp.resolve("run");
        assertThat(exec("run", model.toString(), "--out", run.toString(), "--quiet", "--no-plots").code()).isEqualTo(0);
        Run again = exec("run", model.toString(), "--out", run.toString(), "--quiet", "--no-plots", "--overwrite",
                "--seed", "9");
        assertThat(again.code()).as(again.err()).isEqualTo(0);
        assertThat(run.resolve("spikes.h5")).exists();
        assertThat(exec("run", model.toString(), "--out", "", "--overwrite", "--quiet").code()).isEqualTo(2);
    }

    @Test
    void badFileGivesLocatedErrorsAndExitCode2() throws Exception {
        Path model = tmp.resolve("bad.yaml");
        Files.writeString(model, SMALL.replace("tau_m: 20 ms", "tau_m: 20 mV").replace("fixed_indegree: 5",
                "fixed_indegre: 5"));
        Run r = exec("validate", model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:7:").contains("populations.exc.params.tau_m")
                .contains("did you mean").doesNotContain("at org.");
        Run run = exec("run", model.toString(), "--out", tmp.resolve("never").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void anOutputFolderUnderAFileIsRefusedBeforeTheRun() throws Exception {
        Path model = tmp.resolve("small.yaml");
        Files.writeString(model, SMALL);
        Files.writeString(tmp.resolve("afile"), "not a folder");
        Run r = exec("run", model.toString(), "--out", tmp.resolve("afile").resolve("sub").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("afile/sub: cannot create the output folder, ").contains("afile is a file, not a folder");
        assertThat(r.out()).doesNotContain("simulated");
    }

    @Test
    void aDivergingNeuronStopsTheRunWithOneLineNamingIt() throws Exception {
        // A huge inhibitory kick drives AdEx neuron 1 below -1 V: NEST's NumericalInstability.
        Path model = tmp.resolve("div.yaml");
        Files.writeString(model, """
                name: div
                populations:
                  a: {size: 2, model: aeif_psc_exp}
                stimuli:
                  - {type: spike_times, times: [1 ms], neurons: [1], targets: a, weight: -1e7 pA, delay: 1 ms}
                """);
        for (String threads : new String[] {"1", "2"}) {
            Run r = exec("run", model.toString(), "--threads", threads, "--out", tmp.resolve("div" + threads).toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("leinao: simulation stopped: population a, neuron 1: AdEx membrane"
                    + " diverged at step 20").doesNotContain("\n").doesNotContain("at org.");
            assertThat(tmp.resolve("div" + threads)).doesNotExist();
        }
    }

    @Test
    void aNetworkBeyondOneThreadsTablesIsOneLineNotATrace() throws Exception {
        // 46,400^2 = 2.15e9 synapses on one thread: more than an int can index
        Path model = tmp.resolve("big.yaml");
        Files.writeString(model, """
                name: big
                duration: 1 ms
                populations:
                  a: {size: 46400, model: iaf_psc_exp}
                projections:
                  - {from: a, to: a, connector: all_to_all, weight: 1 pA, delay: 1 ms}
                """);
        Run r = exec("run", model.toString(), "--threads", "1", "--out", tmp.resolve("big").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("leinao: the network has more than 2,147,483,631 synapses on thread 0"
                + " of 1").doesNotContain("\n").doesNotContain("at org.");
        assertThat(tmp.resolve("big")).doesNotExist();
    }

    @Test
    void stateIntervalLongerThanTheRunIsWarnedAbout() throws Exception {
        Path model = tmp.resolve("small.yaml");
        Files.writeString(model, SMALL.replace("interval: 0.5 ms", "interval: 300 ms"));
        String warning = "leinao: warning: " + model + ":15:100: record.state.interval: the state recorder of exc (V_m)"
                + " samples every 300 ms but the run lasts 200 ms, so it records no samples" + System.lineSeparator();
        Run v = exec("validate", model.toString());
        assertThat(v.code()).isZero();
        assertThat(v.err()).isEqualTo(warning);
        assertThat(v.out()).contains("valid");
        Run r = exec("run", model.toString(), "--out", tmp.resolve("out").toString(), "--quiet", "--no-plots");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEqualTo(warning);
        Run longer = exec("validate", model.toString(), "--set", "duration=300 ms");
        assertThat(longer.err()).isEmpty();
    }

    @Test
    void validateAcceptsEveryEmbeddedExample() {
        for (String name : new String[] {"cuba", "coba", "brunel", "izhikevich", "microcircuit"}) {
            Run r = exec("validate", name);
            assertThat(r.code()).as(name + ": " + r.err()).isEqualTo(0);
            assertThat(r.out()).contains("valid");
        }
    }

    @Test
    void unknownFileAndBadOptionsAreUserErrors() {
        Run r = exec("run", "no-such-file.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-file.yaml: no such file");
        Run t = exec("run", "cuba", "--threads", "zero");
        assertThat(t.code()).isEqualTo(2);
        // A problem names the option as typed: --set seed=... or --duration ...
        Run seed = exec("run", "cuba", "--set", "seed=x", "--out", "never-written");
        assertThat(seed.err().strip()).isEqualTo("leinao: --set seed=x: seed: expected an integer, got \"x\"");
        Run duration = exec("run", "cuba", "--duration", "5 mV", "--out", "never-written");
        assertThat(duration.err().strip()).isEqualTo("leinao: --duration 5 mV: duration: expected a time such as"
                + " \"10 ms\", got \"5 mV\"");
        // QA: demo --threads 0 was an internal error with a stack trace
        for (String command : new String[] {"run", "demo"}) {
            Run zero = command.equals("run") ? exec("run", "cuba", "--threads", "0") : exec("demo", "--threads", "0");
            assertThat(zero.code()).as(command).isEqualTo(2);
            assertThat(zero.err()).as(command).isEqualTo("leinao: --threads: expected an integer >= 1, got 0"
                    + System.lineSeparator());
        }
        Run typo = exec("run", "cuba", "--thread", "2");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("Possible solutions: --threads");
        Run m = exec("models", "iaf_psc_exx");
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("did you mean 'iaf_psc_exp'");
    }

    @Test
    void modelsListsParametersWithUnits() {
        Run r = exec("models", "iaf_psc_alpha");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("tau_m").contains("ms").contains("C_m").contains("pF").contains("250");
        assertThat(exec("models").out()).contains("aeif_cond_exp").contains("izhikevich");
    }

    @Test
    void benchRunsASmallConfiguration() {
        Run r = exec("bench", "cuba", "--n", "1000", "--repeat", "1", "--duration", "100", "--threads", "1");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("cuba N=1000").contains("simulate_s").contains("bytes/synapse");
        Run unit = exec("bench", "cuba", "--n", "1000", "--repeat", "1", "--duration", "0.05 s", "--threads", "1");
        assertThat(unit.out()).contains("cuba N=1000, 1 thread, 50 ms, 1 repeat");
    }

    @Test
    void moreThreadsThanCoresRunButAreWarnedAbout() {
        int cores = Runtime.getRuntime().availableProcessors();
        Run r = exec("run", "cuba", "--threads", String.valueOf(cores + 1), "--duration", "1 ms", "--no-plots",
                "--quiet", "--out", tmp.resolve("many").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.err().strip()).isEqualTo("leinao: warning: --threads " + (cores + 1) + " on " + cores + " core"
                + (cores == 1 ? "" : "s") + ": the threads take turns on the cores, which is slower than --threads "
                + cores + " (results are the same)");
        Run quiet = exec("run", "cuba", "--threads", String.valueOf(cores), "--duration", "1 ms", "--no-plots",
                "--quiet", "--out", tmp.resolve("fit").toString());
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void benchOptionsThatDoNotApplyAreRefusedNotIgnored() {
        assertThat(exec("bench", "microcircuit", "--n", "100").err().strip())
                .isEqualTo("leinao: --n: the microcircuit's size is set by --scale (1 = 77,169 neurons)");
        assertThat(exec("bench", "coba", "--scale", "1").err().strip())
                .isEqualTo("leinao: --scale: applies to the microcircuit; coba's size is set by --n");
        assertThat(exec("bench", "--suite", "standard", "--n", "100").err().strip())
                .isEqualTo("leinao: --n: --suite standard sets the sizes itself");
        Run d = exec("bench", "cuba", "--duration", "5 mV");
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err().strip()).isEqualTo("leinao: --duration: expected a time such as '500 ms' or '1 s', got '5 mV'");
        assertThat(exec("bench", "cuba", "--duration", "0.05 ms").err().strip()).isEqualTo(
                "leinao: --duration: expected a time > 0, at most 1e7 ms and a multiple of 0.1 ms, got '0.05 ms'");
    }
}
