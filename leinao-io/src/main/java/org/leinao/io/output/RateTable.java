package org.leinao.io.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.record.Result;

/**
 * Population rates in consecutive time bins, as written to {@code rates.csv}: bin i covers
 * [{@code startMs[i]}, {@code startMs[i] + binMs}) and {@code hz.get(pop)[i]} is the number of
 * spikes of the whole population in the bin divided by (size × bin width), in Hz.
 *
 * @param binMs bin width in ms
 * @param startMs start time of each bin in ms
 * @param hz rate per bin by population, in population order
 */
public record RateTable(double binMs, double[] startMs, Map<String, double[]> hz) {

    /** At most this many bins by default (a 10 s run gets 5 ms bins). */
    public static final int MAX_BINS = 2000;

    /** Copies the map so the record stays unmodifiable. */
    public RateTable {
        hz = Collections.unmodifiableMap(new LinkedHashMap<>(hz));
    }

    /** Population names in order. */
    public List<String> populations() {
        return List.copyOf(hz.keySet());
    }

    /** Number of bins. */
    public int bins() {
        return startMs.length;
    }

    /**
     * The default bin width: 1 ms, widened so a run has at most {@link #MAX_BINS} bins, rounded
     * to a whole number of steps (at least one step).
     */
    public static double defaultBinMs(double dtMs, double durationMs) {
        double want = Math.max(1.0, durationMs / MAX_BINS);
        long per = Math.max(1, Math.round(want / dtMs));
        return per * dtMs;
    }

    /** Rates of every population of {@code result} in bins of {@link #defaultBinMs}. */
    public static RateTable of(Result result) {
        return of(result, defaultBinMs(result.dt(), result.duration()));
    }

    /** Rates of every population of {@code result} in bins of about {@code binMs} (whole steps). */
    public static RateTable of(Result result, double binMs) {
        long per = Math.max(1, Math.round(binMs / result.dt()));
        double width = per * result.dt();
        Map<String, double[]> hz = new LinkedHashMap<>();
        int bins = 0;
        for (String p : result.populations()) {
            double[] r = result.rateHistogram(p, width);
            hz.put(p, r);
            bins = r.length;
        }
        double[] start = new double[bins];
        for (int i = 0; i < bins; i++) {
            start[i] = i * per * result.dt();
        }
        return new RateTable(width, start, hz);
    }
}
