package org.leinao.engine.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.spec.TimeGrid;

/**
 * Everything recorded during a simulation: spike trains per population, state traces per
 * (population, variable) and, for every population, the number of spikes in each step (the
 * population-rate monitor, always on because it costs one int per population per step).
 */
public final class Result {
    private final double dt;
    private final long steps;
    private final Map<String, SpikeTrains> spikes;
    private final Map<String, StateTrace> states;
    private final Map<String, int[]> counts;
    private final Map<String, Integer> sizes;

    /**
     * Assembles a result.
     *
     * @param dt resolution in ms
     * @param steps number of steps simulated
     * @param spikes spike trains by population
     * @param states state traces keyed "population/variable"
     * @param counts spike count per step by population
     * @param sizes population sizes
     */
    public Result(double dt, long steps, Map<String, SpikeTrains> spikes, Map<String, StateTrace> states,
            Map<String, int[]> counts, Map<String, Integer> sizes) {
        this.dt = dt;
        this.steps = steps;
        this.spikes = Collections.unmodifiableMap(new LinkedHashMap<>(spikes));
        this.states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        this.sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    }

    /** Resolution in ms. */
    public double dt() {
        return dt;
    }

    /** Number of steps simulated. */
    public long steps() {
        return steps;
    }

    /** Simulated time in ms. */
    public double duration() {
        return SpikeTrains.ms(steps, dt);
    }

    /** Population names in gid order. */
    public List<String> populations() {
        return List.copyOf(sizes.keySet());
    }

    /** Size of a population. */
    public int size(String population) {
        Integer s = sizes.get(population);
        if (s == null) {
            throw new IllegalArgumentException("no population '" + population + "'");
        }
        return s;
    }

    /** Recorded spike trains by population (only populations with a spike recorder). */
    public Map<String, SpikeTrains> spikes() {
        return spikes;
    }

    /** Spike trains of a population; throws if its spikes were not recorded. */
    public SpikeTrains spikes(String population) {
        SpikeTrains s = spikes.get(population);
        if (s == null) {
            throw new IllegalArgumentException("spikes of '" + population + "' were not recorded; recorded: "
                    + spikes.keySet());
        }
        return s;
    }

    /** State traces keyed "population/variable". */
    public Map<String, StateTrace> states() {
        return states;
    }

    /** Trace of a variable of a population; throws if it was not recorded. */
    public StateTrace state(String population, String variable) {
        StateTrace s = states.get(population + "/" + variable);
        if (s == null) {
            throw new IllegalArgumentException(variable + " of '" + population + "' was not recorded; recorded: "
                    + states.keySet());
        }
        return s;
    }

    /** Spikes emitted by the whole population in each step (recorded or not). */
    public int[] spikeCounts(String population) {
        int[] c = counts.get(population);
        if (c == null) {
            throw new IllegalArgumentException("no population '" + population + "'");
        }
        return c;
    }

    /** Total number of spikes of a population. */
    public long totalSpikes(String population) {
        long n = 0;
        for (int c : spikeCounts(population)) {
            n += c;
        }
        return n;
    }

    /** Mean firing rate of a population in Hz over the whole run. */
    public double rate(String population) {
        return totalSpikes(population) / (size(population) * duration() * 1e-3);
    }

    /**
     * Population rate in Hz in consecutive bins of {@code binMs} (the last partial bin dropped).
     *
     * @throws IllegalArgumentException unless {@code binMs} is a positive multiple of dt
     */
    public double[] rateHistogram(String population, double binMs) {
        double k = binMs / dt;
        if (!(binMs > 0) || Double.isInfinite(binMs) || Math.rint(k) < 1 || !TimeGrid.onGrid(binMs, dt)) {
            throw new IllegalArgumentException("bin: expected a positive multiple of dt (" + dt + " ms), got "
                    + binMs + " ms");
        }
        int[] c = spikeCounts(population);
        int per = (int) Math.min(Integer.MAX_VALUE, Math.round(k));
        int bins = c.length / per;
        double[] r = new double[bins];
        double norm = 1.0 / (size(population) * per * dt * 1e-3);
        for (int b = 0; b < bins; b++) {
            long s = 0;
            for (int i = b * per; i < (b + 1) * per; i++) {
                s += c[i];
            }
            r[b] = s * norm;
        }
        return r;
    }
}
