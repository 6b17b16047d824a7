package org.leinao.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leinao.io.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leinao demo}: the embedded Brunel (2000) network, asynchronous irregular state, with plots. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate the embedded Brunel 2000 network (12,500 neurons) and write its plots.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (default: leinao-demo)")
    Path out = Path.of("leinao-demo");

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "no report, no progress bar")
    boolean quiet;

    @Override
    public Integer call() {
        int t = RunPipeline.threads(threads, spec.commandLine().getErr());
        LoadedModel m = RunPipeline.load("brunel", List.of());
        var outcome = RunPipeline.simulate(m, t, quiet, spec.commandLine().getOut());
        RunPipeline.write(outcome, out, java.util.EnumSet.noneOf(org.leinao.io.output.Format.class), true, false,
                true, quiet, spec.commandLine().getOut());
        if (!quiet) {
            Path dir = out.toAbsolutePath().normalize();
            StringBuilder plots = new StringBuilder("plots:");
            for (String f : new String[] {"raster.png", "rates.png", "traces.png"}) {
                if (java.nio.file.Files.exists(dir.resolve(f))) {
                    plots.append(' ').append(dir.resolve(f));
                }
            }
            spec.commandLine().getOut().println(plots);
        }
        return 0;
    }
}
