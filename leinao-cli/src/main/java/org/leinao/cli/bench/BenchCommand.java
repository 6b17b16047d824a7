package org.leinao.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.leinao.cli.UserException;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leinao bench}: whole-network benchmarks. JVM warm-up is run first and reported on its
 * own; then each repeat builds and simulates the network from scratch and reports build and
 * simulation time, real-time factor, spikes, rates, synapses, bytes per synapse and peak RSS, with
 * min/median/max over repeats. {@code --compare brian2} runs the Brian2 peer on the same
 * configuration right after.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = org.leinao.cli.events.EventsBenchCommand.class,
        description = "Benchmark whole networks (cuba, coba, microcircuit) and optionally compare with Brian2.",
        footer = {"", "Examples:",
                "  leinao bench cuba --n 64000 --threads 2 --repeat 3",
                "  leinao bench coba --n 4000 --compare brian2",
                "  leinao bench microcircuit --scale 0.1 --profile",
                "  leinao bench --suite standard --json bench.jsonl",
                "  leinao bench events            (event-file decoding throughput)"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "cuba, coba or microcircuit")
    String model;

    @Option(names = "--n", paramLabel = "N", description = "network size for cuba/coba (default 4000)")
    Integer nOption;

    @Option(names = "--scale", paramLabel = "S", description = "microcircuit scale (default 0.1)")
    Double scaleOption;

    @Option(names = {"-t", "--threads"}, paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--repeat", paramLabel = "R", description = "repeats (default 3)")
    int repeat = 3;

    @Option(names = "--duration", paramLabel = "T",
            description = "simulated time, e.g. '500 ms' or '1 s'; a bare number is ms (default 1000 ms)")
    String durationOption;

    private double duration = 1000;

    @Option(names = "--seed", description = "seed (default 1)")
    long seed = 1;

    @Option(names = "--json", paramLabel = "FILE", description = "append one JSON line per configuration")
    Path json;

    @Option(names = "--suite", paramLabel = "NAME", description = "standard: CUBA 4k/16k/64k, COBA 4k, microcircuit 0.1 and 1.0")
    String suite;

    @Option(names = "--compare", paramLabel = "PEER", description = "brian2: run the Brian2 peer (standalone) on the same configuration")
    String compare;

    @Option(names = "--profile", description = "print, per worker thread, the time spent updating, waiting at the barrier and delivering spikes, and the 10th/50th/90th percentiles of its update per slice (last repeat)")
    boolean profile;

    @Option(names = "--peer-script", paramLabel = "FILE", description = "Brian2 peer script (default ../shared/peers/brian2/bench.py)")
    Path peerScript;

    /** --n and --scale with their defaults. */
    private int n = 4000;
    private double scale = 0.1;

    /** One configuration to measure. */
    record Config(String model, int n, double scale) {
        String label() {
            return model.equals("microcircuit") ? "microcircuit scale " + scale : model + " N=" + n;
        }
    }

    @Override
    public Integer call() throws IOException {
        n = nOption != null ? nOption : 4000;
        scale = scaleOption != null ? scaleOption : 0.1;
        List<Config> configs = new ArrayList<>();
        if ("standard".equals(suite)) {
            configs.add(new Config("cuba", 4000, 0));
            configs.add(new Config("cuba", 16000, 0));
            configs.add(new Config("cuba", 64000, 0));
            configs.add(new Config("coba", 4000, 0));
            configs.add(new Config("microcircuit", 0, 0.1));
            configs.add(new Config("microcircuit", 0, 1.0));
        } else if (suite != null) {
            throw new UserException("--suite: expected 'standard', got '" + suite + "'");
        } else if (model == null) {
            throw new UserException("bench: name a model (cuba, coba, microcircuit) or use --suite standard");
        } else {
            String m = model.toLowerCase(Locale.ROOT);
            if (!List.of("cuba", "coba", "microcircuit").contains(m)) {
                throw new UserException("bench: unknown model '" + model + "'; expected cuba, coba or microcircuit");
            }
            // an option that does not apply would be silently ignored: refuse it
            if (m.equals("microcircuit") && nOption != null) {
                throw new UserException("--n: the microcircuit's size is set by --scale (1 = 77,169 neurons)");
            }
            if (!m.equals("microcircuit") && scaleOption != null) {
                throw new UserException("--scale: applies to the microcircuit; " + m + "'s size is set by --n");
            }
            configs.add(new Config(m, n, scale));
        }
        if (suite != null && (nOption != null || scaleOption != null)) {
            throw new UserException((nOption != null ? "--n" : "--scale") + ": --suite standard sets the sizes itself");
        }
        if (n < 10) {
            throw new UserException("--n: expected a size >= 10, got " + n);
        }
        if (durationOption != null) {
            duration = durationMs(durationOption);
        }
        if (!(scale > 0) || scale > 10) {
            throw new UserException("--scale: expected a microcircuit scale in (0, 10], got " + scale);
        }
        if (threads != null && threads < 1) {
            throw new UserException("--threads: expected an integer >= 1, got " + threads);
        }
        if (compare != null && !"brian2".equalsIgnoreCase(compare)) {
            throw new UserException("--compare: expected 'brian2', got '" + compare + "'");
        }
        if (compare != null && peerScript != null && !Files.isRegularFile(peerScript)) {
            throw new UserException("--peer-script: no such file " + peerScript);
        }
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent) || (Files.exists(json) && !Files.isWritable(json))) {
                throw new UserException("--json: cannot write " + json + " (the folder must exist)");
            }
        }
        if (repeat < 1) {
            throw new UserException("--repeat: expected an integer >= 1, got " + repeat);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), cpuName(),
                Runtime.version());
        for (Config c : configs) {
            long w0 = System.nanoTime();
            Config w = warmUp(c, t);
            out.printf("JVM warm-up (%s, excluded below): %.2f s%n", w.label(), (System.nanoTime() - w0) * 1e-9);
            measure(c, t, out);
        }
        return 0;
    }

    private NetworkSpec build(Config c) {
        return switch (c.model()) {
            case "cuba" -> BenchModels.cuba(c.n(), seed);
            case "coba" -> BenchModels.coba(c.n(), seed);
            default -> Microcircuit.spec(c.scale(), seed);
        };
    }

    /**
     * Compiles the hot loops of this very configuration before measuring (the JIT specialises
     * them per model); large microcircuits warm up on a small one.
     */
    private Config warmUp(Config c, int t) {
        Config w = c.model().equals("microcircuit") && c.scale() > 0.1 ? new Config(c.model(), c.n(), 0.1) : c;
        NetworkSpec spec = build(w);
        double ms = Math.min(duration, 500);
        // Until the JIT is done: at least 3e8 neuron updates, then until two runs in a row agree
        // within 5 % (C2 compiling in the background competes with the workers for the cores and
        // shows up as barrier waits); at most 30 runs or 30 s.
        double perRun = spec.neuronCount() * (ms / spec.dt());
        int minRuns = (int) Math.max(2, Math.min(30, Math.ceil(3e8 / perRun)));
        long start = System.nanoTime();
        double last = Double.NaN;
        for (int r = 0; r < 30; r++) {
            try (Simulator sim = Simulator.create(spec, Threads.of(t))) {
                long t0 = System.nanoTime();
                sim.run(ms);
                double s = (System.nanoTime() - t0) * 1e-9;
                boolean settled = Math.abs(s - last) <= 0.05 * Math.min(s, last);
                last = s;
                if (r + 1 >= minRuns && settled || System.nanoTime() - start > 30e9) {
                    break;
                }
            }
        }
        return w;
    }

    private void measure(Config c, int t, PrintWriter out) throws IOException {
        double[] build = new double[repeat];
        double[] simulate = new double[repeat];
        long synapses = 0;
        double bytesPerSynapse = 0;
        Map<String, Double> rates = new LinkedHashMap<>();
        long spikes = 0;
        long neurons = 0;
        Simulator.PhaseTimes phases = null;
        for (int r = 0; r < repeat; r++) {
            NetworkSpec spec = build(c);
            neurons = spec.neuronCount();
            long t0 = System.nanoTime();
            try (Simulator sim = Simulator.create(spec, Threads.of(t))) {
                build[r] = (System.nanoTime() - t0) * 1e-9;
                sim.measurePhases(profile);
                // The build leaves the young generation nearly full of its garbage; without this a
                // collection (50-90 ms for CUBA 64k, copying the freshly built tables) can land in
                // the timed loop. Build and simulation are reported separately, so it belongs to neither.
                System.gc();
                long t1 = System.nanoTime();
                Result res = sim.run(duration);
                simulate[r] = (System.nanoTime() - t1) * 1e-9;
                phases = sim.phaseTimes();
                synapses = sim.synapseCount();
                bytesPerSynapse = synapses == 0 ? 0 : (double) sim.synapseBytes() / synapses;
                spikes = 0;
                for (String p : res.populations()) {
                    rates.put(p, res.rate(p));
                    spikes += res.totalSpikes(p);
                }
            }
        }
        long rss = peakRssBytes();
        double[] sb = sorted(build);
        double[] ss = sorted(simulate);
        double medBuild = median(sb);
        double medSim = median(ss);
        double rtf = medSim / (duration * 1e-3);
        out.printf("%s, %d thread%s, %s ms, %d repeat%s%n", c.label(), t, t == 1 ? "" : "s",
                new java.math.BigDecimal(duration).round(new java.math.MathContext(10)).stripTrailingZeros()
                        .toPlainString(), repeat,
                repeat == 1 ? "" : "s");
        out.printf("  %-22s %10s %10s %10s%n", "", "min", "median", "max");
        out.printf("  %-22s %10.3f %10.3f %10.3f%n", "build_s", sb[0], medBuild, sb[repeat - 1]);
        out.printf("  %-22s %10.3f %10.3f %10.3f%n", "simulate_s", ss[0], medSim, ss[repeat - 1]);
        out.printf("  real_time_factor %.3f   synapses %,d   bytes/synapse %.2f   spikes %,d   peak RSS %,d MB%n",
                rtf, synapses, bytesPerSynapse, spikes, rss >> 20);
        StringBuilder rs = new StringBuilder("  rates (Hz):");
        rates.forEach((p, v) -> rs.append(String.format(" %s %.2f", p, v)));
        out.println(rs);
        if (phases != null) {
            out.printf("  %-10s %10s %10s %10s   %-24s %s%n", "thread", "update", "wait", "deliver",
                    "update per slice (µs)", "(last repeat, s; delivery through)");
            out.printf("  %-10s %10s %10s %10s   %-24s%n", "", "", "", "", "p10 / p50 / p90");
            for (int k = 0; k < phases.update().length; k++) {
                double[] q = phases.sliceUpdate()[k];
                out.printf("  %-10d %10.3f %10.3f %10.3f   %-24s %s%n", k, phases.update()[k], phases.barrier()[k],
                        phases.deliver()[k], String.format("%.1f / %.1f / %.1f", q[0], q[1], q[2]),
                        phases.queued()[k] ? "spike queue" : "ring buffers");
            }
        }
        PeerResult peer = null;
        if ("brian2".equalsIgnoreCase(compare) && !c.model().equals("microcircuit")) {
            peer = BrianPeer.run(c.model(), c.n(), duration, peerScriptPath(), out);
            if (peer != null) {
                out.printf("  %-28s %12s %12s %8s%n", "side by side", "leinao", "brian2", "ratio");
                out.printf("  %-28s %12.3f %12.3f %8.2f%n", "simulation loop (s)", medSim, peer.simLoop(),
                        medSim / peer.simLoop());
                out.printf("  %-28s %12.2f %12.2f%n", "rate (Hz)", spikes / (double) neurons / (duration * 1e-3),
                        peer.rate());
                out.printf("  %-28s %,12d %,12d%n", "synapses", synapses, peer.synapses());
                if (peer.rssKb() > 0) {
                    out.printf("  %-28s %12d %12d%n", "peak RSS (MB)", rss >> 20, peer.rssKb() >> 10);
                }
            }
        } else if (compare != null && !"brian2".equalsIgnoreCase(compare)) {
            throw new UserException("--compare: expected 'brian2', got '" + compare + "'");
        }
        out.println();
        if (json != null) {
            StringBuilder j = new StringBuilder();
            j.append(String.format(Locale.ROOT, "{\"model\":\"%s\",\"n\":%d,\"scale\":%s,\"threads\":%d,\"duration_ms\":%s,"
                    + "\"repeats\":%d,\"build_s\":%s,\"simulate_s\":%s,\"real_time_factor\":%s,\"synapses\":%d,"
                    + "\"bytes_per_synapse\":%s,\"spikes\":%d,\"peak_rss_bytes\":%d,\"rates_hz\":{",
                    c.model(), c.model().equals("microcircuit") ? 0 : c.n(),
                    c.model().equals("microcircuit") ? Double.toString(c.scale()) : "null", t, duration, repeat,
                    Arrays.toString(build), Arrays.toString(simulate), rtf, synapses, bytesPerSynapse, spikes, rss));
            int k = 0;
            for (var e : rates.entrySet()) {
                j.append(k++ > 0 ? "," : "").append(String.format(Locale.ROOT, "\"%s\":%s", e.getKey(), e.getValue()));
            }
            j.append("}");
            if (peer != null) {
                j.append(String.format(Locale.ROOT, ",\"brian2\":{\"sim_loop\":%s,\"rate_hz\":%s,\"synapses\":%d}",
                        peer.simLoop(), peer.rate(), peer.synapses()));
            }
            j.append("}\n");
            Files.writeString(json, j, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private Path peerScriptPath() {
        if (peerScript != null) {
            return peerScript;
        }
        for (Path p : List.of(Path.of("../shared/peers/brian2/bench.py"), Path.of("shared/peers/brian2/bench.py"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        String home = System.getProperty("leinao.home");
        if (home != null) {
            Path p = Path.of(home).resolve("../shared/peers/brian2/bench.py");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new UserException("--compare brian2: peer script not found; pass --peer-script PATH/bench.py");
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is unavailable. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }

    /**
     * The --duration option in ms: a time as in model files and {@code run --duration} ("500 ms",
     * "1 s"), or a bare number of ms (what earlier versions took); it must be a whole number of the
     * benchmarks' 0.1 ms steps.
     */
    static double durationMs(String text) {
        double ms = text.strip().matches("[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?") ? Double.parseDouble(text.strip())
                : org.leinao.io.model.ModelFile.timeMs(text);
        if (Double.isNaN(ms)) {
            throw new UserException("--duration: expected a time such as '500 ms' or '1 s', got '" + text + "'");
        }
        if (!(ms > 0) || ms > 1e7 || !org.leinao.engine.spec.TimeGrid.onGrid(ms, 0.1)) {
            throw new UserException("--duration: expected a time > 0, at most 1e7 ms and a multiple of 0.1 ms, got '"
                    + text + "'");
        }
        return ms;
    }
}
