package org.leinao.io.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * A run as plots and {@code leinao info} need it: read back from a run folder by
 * {@link RunReader#read(Path)} or taken from an in-memory {@link Result} by {@link #of(Result, String)}.
 *
 * @param dir the run folder, or null for an in-memory run
 * @param name network name
 * @param dtMs resolution in ms
 * @param durationMs simulated time in ms
 * @param sizes population sizes, in population order
 * @param spikeTotals spikes emitted by each whole population (recorded or not)
 * @param spikes recorded spike trains by population (a recorded but silent population has an empty train)
 * @param states state traces keyed "population/variable"
 * @param rates population rates per time bin
 * @param summary the contents of {@code summary.json}, or null for an in-memory run
 */
public record SavedRun(Path dir, String name, double dtMs, double durationMs, Map<String, Integer> sizes,
        Map<String, Long> spikeTotals, Map<String, SpikeTrains> spikes, Map<String, StateTrace> states,
        RateTable rates, JsonNode summary) {

    /** Copies the maps so the record stays unmodifiable (and keeps their order). */
    public SavedRun {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        spikeTotals = Collections.unmodifiableMap(new LinkedHashMap<>(spikeTotals));
        spikes = Collections.unmodifiableMap(new LinkedHashMap<>(spikes));
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    /** The in-memory view of a simulation result (rates in default bins, no summary). */
    public static SavedRun of(Result result, String name) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String p : result.populations()) {
            sizes.put(p, result.size(p));
            totals.put(p, result.totalSpikes(p));
        }
        return new SavedRun(null, name, result.dt(), result.duration(), sizes, totals, result.spikes(),
                result.states(), RateTable.of(result), null);
    }

    /**
     * The canonical unit of a state variable ("mV" for V_m) when every neuron model that has it
     * agrees, else null.
     */
    public static String unitOf(String variable) {
        return Sonata.unitOf(variable);
    }

    /** Population names in order. */
    public List<String> populations() {
        return List.copyOf(sizes.keySet());
    }

    /** Mean rate of a whole population in Hz (NaN for a zero-length run). */
    public double rate(String population) {
        Integer n = sizes.get(population);
        if (n == null) {
            throw new IllegalArgumentException("no population '" + population + "'; populations: " + sizes.keySet());
        }
        return spikeTotals.getOrDefault(population, 0L) / (n * durationMs * 1e-3);
    }
}
