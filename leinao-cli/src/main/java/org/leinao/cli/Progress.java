package org.leinao.cli;

import java.io.PrintStream;
import org.leinao.engine.sim.ProgressListener;

/**
 * A one-line progress bar on stderr: simulated time, real-time factor and ETA. Shown only when
 * stderr is a terminal, not with --quiet, and only once the run has taken more than 2 s.
 */
final class Progress implements ProgressListener {
    private final PrintStream err;
    private final double dt;
    private final long start = System.nanoTime();
    private boolean shown;

    private Progress(PrintStream err, double dt) {
        this.err = err;
        this.dt = dt;
    }

    /** A progress bar, or null when it must stay silent. */
    static Progress create(boolean quiet, double dt) {
        var console = System.console();
        if (quiet || console == null || !console.isTerminal()) {
            return null;
        }
        return new Progress(System.err, dt);
    }

    @Override
    public void onProgress(long done, long total) {
        double elapsed = (System.nanoTime() - start) * 1e-9;
        if (elapsed < 2.0 && done < total) {
            return;
        }
        if (!shown && done >= total) {
            return;
        }
        shown = true;
        double frac = total == 0 ? 1 : (double) done / total;
        int width = 30;
        int filled = (int) (frac * width);
        double simMs = done * dt;
        double rtf = simMs > 0 ? elapsed / (simMs * 1e-3) : 0;
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
        String bar = "=".repeat(filled) + (filled < width ? ">" : "") + " ".repeat(Math.max(0, width - filled - 1));
        err.printf("\r[%s] %3.0f%%  %.0f/%.0f ms  RTF %.2f  ETA %.0f s ", bar, frac * 100, simMs, total * dt, rtf, eta);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
