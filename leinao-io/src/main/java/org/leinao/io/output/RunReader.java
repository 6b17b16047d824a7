package org.leinao.io.output;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Reads back a folder written by {@link RunWriter}, for {@code leinao plot DIR} and
 * {@code leinao info DIR}. Every problem (missing folder, not a run folder, newer format, corrupt
 * file) is a {@link RunFolderException} with a one-line message naming the path.
 */
public final class RunReader {
    private RunReader() {
    }

    /**
     * Only {@code summary.json}, checked for format, version and required fields; the data files
     * are not opened (see {@link #check}).
     */
    public static JsonNode readSummary(Path dir) throws RunFolderException {
        if (!Files.isDirectory(dir)) {
            throw new RunFolderException(dir + ": no such run folder");
        }
        Path file = dir.resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(dir + ": not a Leinao run folder (no summary.json)");
        }
        JsonNode s;
        try {
            s = Summary.JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new RunFolderException(file + ": corrupt JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (s == null || !s.isObject() || !Summary.FORMAT.equals(s.path("format").asText())) {
            throw new RunFolderException(file + ": not a Leinao run summary (expected \"format\": \""
                    + Summary.FORMAT + "\")");
        }
        int version = s.path("format_version").asInt(-1);
        if (version < 1) {
            throw new RunFolderException(file + ": missing or invalid format_version");
        }
        if (version > Summary.VERSION) {
            throw new RunFolderException(file + ": written by a newer Leinao (format_version " + version
                    + ", this version reads up to " + Summary.VERSION + ")");
        }
        for (String field : List.of("dt_ms", "duration_ms", "populations")) {
            if (!s.hasNonNull(field)) {
                throw new RunFolderException(file + ": missing field \"" + field + "\"");
            }
        }
        return s;
    }

    /**
     * The summary, after checking that the folder's data files agree with it: {@code spikes.h5}
     * and every {@code state_<var>.h5} are complete HDF5 files whose datasets have the shapes
     * and lengths the summary implies, and {@code rates.csv} has its header and number of rows.
     * Reads no large data set: enough for {@code leinao info}.
     */
    public static JsonNode check(Path dir) throws RunFolderException {
        JsonNode s = readSummary(dir);
        readData(dir, s, false);
        return s;
    }

    /** The whole run: summary, recorded spikes and state, rates, all checked as in {@link #check}. */
    public static SavedRun read(Path dir) throws RunFolderException {
        return readData(dir, readSummary(dir), true);
    }

    private static SavedRun readData(Path dir, JsonNode s, boolean load) throws RunFolderException {
        RunFacts facts = RunFacts.of(s, dir.resolve("summary.json"));
        JsonNode recorded = s.path("recorded");
        Map<String, SpikeTrains> spikes = new LinkedHashMap<>();
        List<String> spikePops = names(recorded.path("spikes"));
        if (!spikePops.isEmpty()) {
            SonataReader.spikes(dir.resolve("spikes.h5"), spikePops, facts, load ? spikes : null);
        }
        Map<String, StateTrace> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : recorded.path("state").properties()) {
            SonataReader.state(dir.resolve("state_" + RunWriter.safe(e.getKey()) + ".h5"), e.getKey(),
                    names(e.getValue()), facts, load ? states : null);
        }
        RateTable rates = readRates(dir.resolve("rates.csv"), facts);
        return new SavedRun(dir, s.path("name").asText(""), facts.dt(), facts.duration(), facts.sizes(),
                facts.totals(), spikes, states, rates, s);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code rates.csv}: the header names every population, one row per whole bin, each line complete. */
    private static RateTable readRates(Path file, RunFacts facts) throws RunFolderException {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": expected a file (every run folder has one), got none");
        }
        List<String> pops = List.copyOf(facts.sizes().keySet());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<String> lines = text.lines().toList();
        StringBuilder head = new StringBuilder("t_start_ms,t_stop_ms");
        pops.forEach(p -> head.append(',').append(Csv.quote(p)));
        if (lines.isEmpty() || !lines.get(0).equals(head.toString())) {
            throw new RunFolderException(file + ":1: expected the header " + head + ", got "
                    + (lines.isEmpty() ? "an empty file" : lines.get(0)));
        }
        if (!text.endsWith("\n")) {
            throw new RunFolderException(file + ":" + lines.size() + ": expected a complete line ending in a"
                    + " newline, got the end of the file: the file is truncated");
        }
        int cols = pops.size();
        int bins = lines.size() - 1;
        long per = Math.round(facts.binMs() / facts.dt());
        if (per >= 1 && bins != facts.steps() / per) {
            throw new RunFolderException(file + ": expected " + facts.steps() / per + " rows (" + facts.duration()
                    + " ms in bins of " + facts.binMs() + " ms), got " + bins);
        }
        double[] start = new double[bins];
        Map<String, double[]> hz = new LinkedHashMap<>();
        for (String p : pops) {
            hz.put(p, new double[bins]);
        }
        double bin = 0;
        for (int i = 0; i < bins; i++) {
            int lineNo = i + 2;
            String[] f = lines.get(i + 1).split(",", -1);
            if (f.length != cols + 2) {
                throw new RunFolderException(file + ":" + lineNo + ": expected " + (cols + 2) + " fields, got "
                        + f.length);
            }
            double[] row = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                try {
                    row[k] = Double.parseDouble(f[k]);
                } catch (NumberFormatException e) {
                    throw new RunFolderException(file + ":" + lineNo + ": expected a number in field " + (k + 1)
                            + ", got \"" + f[k] + "\"", e);
                }
            }
            start[i] = row[0];
            bin = i == 0 ? row[1] - row[0] : bin;
            int c = 2;
            for (double[] v : hz.values()) {
                v[i] = row[c++];
            }
        }
        return new RateTable(bin, start, hz);
    }
}
