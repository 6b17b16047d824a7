package org.leinao.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.SpecException;
import org.leinao.io.model.LoadedModel;
import org.leinao.io.model.ModelFile;
import org.leinao.io.model.ModelFileException;
import org.leinao.io.output.Format;
import org.leinao.io.output.RunFolderException;
import org.leinao.io.output.RunInfo;
import org.leinao.io.output.SavedRun;
import org.leinao.io.output.RunWriter;
import org.leinao.plot.RunPlots;

/** Load a model, simulate it, write the run folder and its plots: shared by run, demo and bench. */
final class RunPipeline {
    private RunPipeline() {
    }

    /** Loads a model file, or an embedded example when {@code model} names one and no such file exists. */
    static LoadedModel load(String model, List<String> overrides) {
        return load(model, overrides, java.util.Map.of());
    }

    /**
     * As {@link #load(String, List)}; {@code options} maps an override that an option such as
     * {@code --seed} made (e.g. {@code seed=5}) to how the user wrote it ({@code --seed 5}), so that
     * a problem names what was typed.
     */
    static LoadedModel load(String model, List<String> overrides, java.util.Map<String, String> options) {
        try {
            Path p = Path.of(model);
            if (!Files.exists(p) && ModelFile.examples().contains(model)) {
                return ModelFile.example(model, overrides);
            }
            if (!Files.exists(p)) {
                throw new UserException(model + ": no such file (embedded examples: "
                        + String.join(", ", ModelFile.examples()) + ")");
            }
            return ModelFile.load(p, overrides);
        } catch (ModelFileException e) {
            throw new UserException(problems(e, options));
        }
    }

    /** Prints the model's warnings (valid but probably not meant), one line each. */
    static void warn(LoadedModel m, PrintWriter err) {
        warn(m, err, java.util.Map.of());
    }

    /** {@link #warn(LoadedModel, PrintWriter)}, naming --seed and --duration as typed (see {@link #optionNames}). */
    static void warn(LoadedModel m, PrintWriter err, java.util.Map<String, String> options) {
        m.warnings().forEach(w -> err.println("leinao: warning: " + asTyped(w.toString(), options)));
    }

    /** A problem about an override, with the override named as the user typed it. */
    private static String asTyped(String line, java.util.Map<String, String> options) {
        // --seed and --duration travel as overrides; a --set of the same field stays a --set.
        for (var o : options.entrySet()) {
            if (line.startsWith("--set " + o.getKey() + ": ")) {
                return o.getValue() + line.substring(("--set " + o.getKey()).length());
            }
        }
        return line;
    }

    private static String problems(ModelFileException e, java.util.Map<String, String> options) {
        List<String> lines = new ArrayList<>();
        for (var p : e.problems()) {
            lines.add(asTyped(p.toString(), options));
        }
        return String.join(System.lineSeparator() + "leinao: ", lines);
    }

    /** How --seed and --duration appear as overrides, mapped to how they were typed. */
    static java.util.Map<String, String> optionNames(Long seed, String duration) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        if (seed != null) {
            m.put("seed=" + seed, "--seed " + seed);
        }
        if (duration != null) {
            m.put("duration=" + duration, "--duration " + duration);
        }
        return m;
    }

    /** The --threads option: all cores when absent, else an integer >= 1. */
    static int threads(Integer threads) {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new UserException("--threads: expected an integer >= 1, got " + t);
        }
        return t;
    }

    /** {@link #threads(Integer)}, warning when there are more threads than cores (valid, as in NEST, but slower). */
    static int threads(Integer threads, PrintWriter err) {
        int t = threads(threads);
        int cores = Runtime.getRuntime().availableProcessors();
        if (t > cores) {
            err.println("leinao: warning: --threads " + t + " on " + cores + " core" + (cores == 1 ? "" : "s")
                    + ": the threads take turns on the cores, which is slower than --threads " + cores
                    + " (results are the same)");
        }
        return t;
    }

    /** Overrides from --seed, --duration and --set, in that order of precedence (later wins). */
    static List<String> overrides(Long seed, String duration, List<String> sets) {
        List<String> o = new ArrayList<>();
        if (sets != null) {
            o.addAll(sets);
        }
        if (seed != null) {
            o.add("seed=" + seed);
        }
        if (duration != null) {
            o.add("duration=" + duration);
        }
        return o;
    }

    /** A finished simulation with its timing. */
    record Outcome(LoadedModel model, Result result, RunInfo info) {
    }

    /** Builds and simulates the model, printing a short report. */
    static Outcome simulate(LoadedModel m, int threads, boolean quiet, PrintWriter out) {
        try {
            return simulateOrFail(m, threads, quiet, out);
        } catch (OutOfMemoryError e) {
            throw new UserException(m.source() + ": out of memory (heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB); give the JVM more, e.g. LEINAO_JAVA_OPTS=-Xmx8g ./leinao ..., or make the network"
                    + " smaller (--set scale=..., population sizes)");
        }
    }

    private static Outcome simulateOrFail(LoadedModel m, int threads, boolean quiet, PrintWriter out) {
        Simulator sim;
        try {
            sim = Simulator.create(m.spec(), Threads.of(threads));
        } catch (SpecException e) {
            throw new UserException(m.source() + ": " + String.join(System.lineSeparator() + "leinao: "
                    + m.source() + ": ", e.problems()));
        }
        try (sim) {
            long synapses = sim.synapseCount();
            if (!quiet) {
                out.printf("%s: %,d neurons, %,d synapses, built in %.2f s on %d thread%s%n", m.name(),
                        m.spec().neuronCount(), synapses, sim.buildSeconds(), threads, threads == 1 ? "" : "s");
            }
            sim.setProgressListener(Progress.create(quiet, m.spec().dt()));
            long t0 = System.nanoTime();
            Result r = sim.run(m.durationMs());
            double simSeconds = (System.nanoTime() - t0) * 1e-9;
            double rtf = m.durationMs() > 0 ? simSeconds / (m.durationMs() * 1e-3) : 0;
            double bytesPerSynapse = synapses == 0 ? 0 : (double) sim.synapseBytes() / synapses;
            RunInfo info = new RunInfo(m.name(), m.spec().seed(), threads, m.spec().dt(), m.durationMs(),
                    m.spec().neuronCount(), synapses, sim.buildSeconds(), simSeconds, rtf, Memory.peakHeapBytes(),
                    bytesPerSynapse, Version.VERSION);
            if (!quiet) {
                out.printf("simulated %.0f ms in %.2f s (real-time factor %.2f)%n", m.durationMs(), simSeconds, rtf);
                for (String pop : r.populations()) {
                    out.printf("  %-10s %,9d neurons  %8.2f Hz%n", pop, r.size(pop), r.steps() == 0 ? 0.0 : r.rate(pop));
                }
            }
            return new Outcome(m, r, info);
        }
    }

    /** Fails early, before a long simulation, when the output folder cannot be used. */
    static void checkTarget(Path dir, boolean overwrite) {
        try {
            RunWriter.checkTarget(dir, overwrite);
        } catch (RunFolderException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Writes the run folder (atomically) and its plots. */
    static void write(Outcome o, Path dir, Set<Format> formats, boolean plots, boolean svg, boolean overwrite,
            boolean quiet, PrintWriter out) {
        Set<Format> f = formats.isEmpty() ? EnumSet.of(Format.HDF5) : EnumSet.copyOf(formats);
        f.add(Format.HDF5);
        try {
            if (plots) {
                RunWriter.write(o.result(), o.info(), dir, f, overwrite, tmp -> {
                    SavedRun saved = SavedRun.of(o.result(), o.info().name());
                    List<String> files = new ArrayList<>(RunPlots.writeAll(saved, tmp, false));
                    if (svg) {
                        files.addAll(RunPlots.writeAll(saved, tmp, true));
                    }
                    return files;
                });
            } else {
                RunWriter.write(o.result(), o.info(), dir, f, overwrite);
            }
        } catch (RunFolderException e) {
            throw new UserException(e.getMessage());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new UserException(dir + ": cannot write outputs: " + e.getMessage());
        }
        if (!quiet) {
            out.println("wrote " + dir.toAbsolutePath().normalize());
        }
    }
}
