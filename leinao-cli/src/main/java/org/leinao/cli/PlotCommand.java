package org.leinao.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leinao.io.output.RunReader;
import org.leinao.plot.RunPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao plot DIR}: redraw the plots of a run folder from its saved outputs. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Redraw raster.png, rates.png and traces.png of a run folder from its saved outputs.")
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "run folder written by 'leinao run'")
    Path dir;

    @Option(names = "--svg", description = "also write the plots as SVG")
    boolean svg;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": not a run folder (no such directory)");
        }
        try {
            var saved = RunReader.read(dir);
            RunPlots.writeAll(saved, dir, false);
            if (svg) {
                RunPlots.writeAll(saved, dir, true);
            }
        } catch (org.leinao.io.output.RunFolderException e) {
            throw new UserException(e.getMessage());
        }
        spec.commandLine().getOut().println("wrote plots to " + dir.toAbsolutePath().normalize());
        return 0;
    }
}
