package org.leinao.io.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of {@code summary.json} that the data files of a run folder must agree with, checked
 * once: resolution, length, population sizes and the number of recorded spikes.
 *
 * @param dt resolution in ms
 * @param duration simulated time in ms
 * @param steps number of simulation steps
 * @param sizes population sizes, in population order
 * @param totals spikes of each whole population
 * @param recordedSpikes spikes written to {@code spikes.h5} per population (absent: not recorded or unknown)
 * @param binMs width of a {@code rates.csv} bin in ms, or NaN when the summary does not say
 */
record RunFacts(double dt, double duration, long steps, Map<String, Integer> sizes, Map<String, Long> totals,
        Map<String, Long> recordedSpikes, double binMs) {

    RunFacts {
        sizes = Collections.unmodifiableMap(sizes);
        totals = Collections.unmodifiableMap(totals);
        recordedSpikes = Collections.unmodifiableMap(recordedSpikes);
    }

    /** Reads the facts from a summary that {@link RunReader#readSummary} accepted. */
    static RunFacts of(JsonNode s, Path file) throws RunFolderException {
        double dt = s.get("dt_ms").asDouble();
        double duration = s.get("duration_ms").asDouble();
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new RunFolderException(file + ": dt_ms: expected a resolution > 0 ms, got " + s.get("dt_ms"));
        }
        if (!(duration >= 0) || !Double.isFinite(duration)) {
            throw new RunFolderException(file + ": duration_ms: expected a time >= 0 ms, got " + s.get("duration_ms"));
        }
        long steps = Math.round(duration / dt);
        if (s.has("steps") && (!s.get("steps").canConvertToLong() || s.get("steps").asLong() != steps)) {
            throw new RunFolderException(file + ": steps: expected " + steps + " (duration_ms / dt_ms), got "
                    + s.get("steps"));
        }
        JsonNode pops = s.get("populations");
        if (!pops.isObject()) {
            throw new RunFolderException(file + ": populations: expected an object, got " + pops.getNodeType());
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        Map<String, Long> recorded = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : pops.properties()) {
            String where = file + ": populations." + e.getKey();
            JsonNode size = e.getValue().path("size");
            if (!size.canConvertToInt() || size.asInt() < 1) {
                throw new RunFolderException(where + ".size: expected an integer >= 1, got " + size);
            }
            sizes.put(e.getKey(), size.asInt());
            totals.put(e.getKey(), e.getValue().path("spikes").asLong());
            JsonNode rec = e.getValue().path("recorded_spikes");
            if (rec.canConvertToLong()) {
                recorded.put(e.getKey(), rec.asLong());
            }
        }
        JsonNode bin = s.path("rates").path("bin_ms");
        return new RunFacts(dt, duration, steps, sizes, totals, recorded, bin.isNumber() ? bin.asDouble() : Double.NaN);
    }

    /** Size of a population named in the summary's {@code recorded} lists. */
    int size(String population, Path file) throws RunFolderException {
        Integer n = sizes.get(population);
        if (n == null) {
            throw new RunFolderException(file + ": recorded: expected one of the populations " + sizes.keySet()
                    + ", got '" + population + "'");
        }
        return n;
    }
}
