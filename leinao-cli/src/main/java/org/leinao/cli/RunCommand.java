package org.leinao.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.leinao.io.model.LoadedModel;
import org.leinao.io.output.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao run FILE --out DIR}: simulate a model file and write its outputs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Simulate a model file (or an embedded example) and write spikes.h5, summary.json and plots.",
        footer = {"", "Examples:",
                "  leinao run examples/cuba.yaml --out runs/cuba --threads 2",
                "  leinao run brunel --set populations.exc.size=2000 --seed 7 --duration '500 ms' --out runs/b",
                "  leinao run coba --out runs/coba --format csv --format npy --svg"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "model file (YAML), or an embedded example: cuba, coba, brunel, izhikevich, microcircuit")
    String model;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (default: runs/<name>)")
    Path out;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "master seed (overrides the file)")
    Long seed;

    @Option(names = "--duration", paramLabel = "T", description = "simulated time with unit, e.g. '2 s'")
    String duration;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override any field of the file")
    List<String> sets;

    @Option(names = "--format", paramLabel = "FMT", description = "extra output formats: csv, npy")
    List<String> formats;

    @Option(names = "--svg", description = "also write the plots as SVG (vector graphics)")
    boolean svg;

    @Option(names = "--no-plots", description = "do not draw plots")
    boolean noPlots;

    @Option(names = "--overwrite", description = "replace DIR if it exists")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "no report, no progress bar")
    boolean quiet;

    @Override
    public Integer call() {
        int t = RunPipeline.threads(threads, spec.commandLine().getErr());
        Set<Format> fmt = parseFormats(formats);
        var typed = RunPipeline.optionNames(seed, duration);
        LoadedModel m = RunPipeline.load(model, RunPipeline.overrides(seed, duration, sets), typed);
        RunPipeline.warn(m, spec.commandLine().getErr(), typed);
        Path dir = out != null ? out : Path.of("runs", m.name());
        RunPipeline.checkTarget(dir, overwrite);
        var outcome = RunPipeline.simulate(m, t, quiet, spec.commandLine().getOut());
        RunPipeline.write(outcome, dir, fmt, !noPlots, svg, overwrite, quiet, spec.commandLine().getOut());
        return 0;
    }

    static Set<Format> parseFormats(List<String> formats) {
        Set<Format> f = EnumSet.of(Format.HDF5);
        if (formats != null) {
            for (String s : formats) {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "csv" -> f.add(Format.CSV);
                    case "npy" -> f.add(Format.NPY);
                    case "hdf5", "h5" -> f.add(Format.HDF5);
                    default -> throw new UserException("--format: expected csv or npy, got '" + s + "'");
                }
            }
        }
        return f;
    }
}
