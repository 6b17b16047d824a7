package org.leinao.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leinao.engine.record.Result;
import org.leinao.io.output.SavedRun;

/**
 * The standard plots of a run folder: {@code raster.png} (when spikes were recorded),
 * {@code rates.png} (always) and {@code traces.png} (when state was recorded); {@code .svg}
 * instead of {@code .png} when asked.
 */
public final class RunPlots {
    private RunPlots() {
    }

    /** Writes the plots of {@code run} into {@code dir} (created if needed); returns the file names. */
    public static List<String> writeAll(SavedRun run, Path dir, boolean svg) throws IOException {
        Files.createDirectories(dir);
        String ext = svg ? ".svg" : ".png";
        List<String> names = new ArrayList<>();
        if (!run.spikes().isEmpty()) {
            Plots.raster(run, dir.resolve("raster" + ext));
            names.add("raster" + ext);
        }
        Plots.rates(run, dir.resolve("rates" + ext));
        names.add("rates" + ext);
        if (!run.states().isEmpty()) {
            Plots.traces(run, dir.resolve("traces" + ext));
            names.add("traces" + ext);
        }
        return names;
    }

    /** Writes the plots of an in-memory result. */
    public static List<String> writeAll(Result result, String name, Path dir, boolean svg) throws IOException {
        return writeAll(SavedRun.of(result, name), dir, svg);
    }
}
