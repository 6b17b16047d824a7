package org.leinao.io.output;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.FixedPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
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

    /** Only {@code summary.json}: enough for {@code leinao info}. */
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

    /** The whole run: summary, recorded spikes and state, rates. */
    public static SavedRun read(Path dir) throws RunFolderException {
        JsonNode s = readSummary(dir);
        double dt = s.get("dt_ms").asDouble();
        double duration = s.get("duration_ms").asDouble();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        s.get("populations").properties().forEach(e -> {
            sizes.put(e.getKey(), e.getValue().path("size").asInt());
            totals.put(e.getKey(), e.getValue().path("spikes").asLong());
        });
        JsonNode recorded = s.path("recorded");
        Map<String, SpikeTrains> spikes = new LinkedHashMap<>();
        List<String> spikePops = new ArrayList<>();
        recorded.path("spikes").forEach(n -> spikePops.add(n.asText()));
        if (!spikePops.isEmpty()) {
            readSpikes(dir.resolve("spikes.h5"), spikePops, sizes, dt, spikes);
        }
        Map<String, StateTrace> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : recorded.path("state").properties()) {
            List<String> pops = new ArrayList<>();
            e.getValue().forEach(n -> pops.add(n.asText()));
            readState(dir.resolve("state_" + RunWriter.safe(e.getKey()) + ".h5"), e.getKey(), pops, states);
        }
        RateTable rates = readRates(dir.resolve("rates.csv"), List.copyOf(sizes.keySet()));
        return new SavedRun(dir, s.path("name").asText(""), dt, duration, sizes, totals, spikes, states, rates, s);
    }

    private static void readSpikes(Path file, List<String> pops, Map<String, Integer> sizes, double dt,
            Map<String, SpikeTrains> out) throws RunFolderException {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": missing (summary.json lists recorded spikes)");
        }
        try (HdfFile f = new HdfFile(file)) {
            Group root = group(f, "spikes", file);
            for (String p : pops) {
                int size = sizes.getOrDefault(p, 0);
                Node node = root.getChildren().get(p);
                if (node == null) {
                    // recorded but silent: jhdf cannot write empty datasets, so the group is absent
                    out.put(p, new SpikeTrains(p, size, dt, new int[0], new int[0]));
                    continue;
                }
                if (!(node instanceof Group g)) {
                    throw new RunFolderException(file + ": /spikes/" + p + " is not a group");
                }
                double[] t = doubles(dataset(g, "timestamps", file), file);
                int[] ids = ints(dataset(g, "node_ids", file), file);
                if (t.length != ids.length) {
                    throw new RunFolderException(file + ": /spikes/" + p + ": " + t.length + " timestamps but "
                            + ids.length + " node_ids");
                }
                int[] steps = new int[t.length];
                for (int i = 0; i < t.length; i++) {
                    steps[i] = (int) Math.round(t[i] / dt) - 1;
                    if (ids[i] < 0 || ids[i] >= size) {
                        throw new RunFolderException(file + ": /spikes/" + p + ": node id " + ids[i]
                                + " outside the population (size " + size + ")");
                    }
                }
                out.put(p, new SpikeTrains(p, size, dt, steps, ids));
            }
        } catch (RunFolderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunFolderException(file + ": corrupt HDF5 file: " + e.getMessage(), e);
        }
    }

    private static void readState(Path file, String variable, List<String> pops, Map<String, StateTrace> out)
            throws RunFolderException {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": missing (summary.json lists recorded " + variable + ")");
        }
        try (HdfFile f = new HdfFile(file)) {
            Group report = group(f, "report", file);
            for (String p : pops) {
                if (!(report.getChildren().get(p) instanceof Group g)) {
                    continue; // a trace without samples is not written
                }
                Object raw = dataset(g, "data", file).getData();
                if (!(raw instanceof double[][] data)) {
                    throw new RunFolderException(file + ": /report/" + p + "/data is not a 2-D float64 array");
                }
                Group mapping = (Group) g.getChildren().get("mapping");
                if (mapping == null) {
                    throw new RunFolderException(file + ": /report/" + p + "/mapping is missing");
                }
                int[] ids = ints(dataset(mapping, "node_ids", file), file);
                double[] time = doubles(dataset(mapping, "time", file), file);
                int cols = ids.length;
                double[] values = new double[data.length * cols];
                for (int t = 0; t < data.length; t++) {
                    if (data[t].length != cols) {
                        throw new RunFolderException(file + ": /report/" + p + "/data has " + data[t].length
                                + " columns but mapping/node_ids has " + cols);
                    }
                    System.arraycopy(data[t], 0, values, t * cols, cols);
                }
                if (time.length != 3) {
                    throw new RunFolderException(file + ": /report/" + p + "/mapping/time must be [start, stop, step]");
                }
                out.put(p + "/" + variable, new StateTrace(p, variable, time[0], time[2], ids, values));
            }
        } catch (RunFolderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunFolderException(file + ": corrupt HDF5 file: " + e.getMessage(), e);
        }
    }

    private static RateTable readRates(Path file, List<String> pops) throws RunFolderException {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": missing");
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null || !head.startsWith("t_start_ms,t_stop_ms")) {
                throw new RunFolderException(file + ": expected a header starting with t_start_ms,t_stop_ms");
            }
            int cols = pops.size();
            List<double[]> rows = new ArrayList<>();
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != cols + 2) {
                    throw new RunFolderException(file + ":" + lineNo + ": expected " + (cols + 2) + " fields, got "
                            + f.length);
                }
                double[] row = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    row[i] = Double.parseDouble(f[i]);
                }
                rows.add(row);
            }
            double[] start = new double[rows.size()];
            Map<String, double[]> hz = new LinkedHashMap<>();
            for (String p : pops) {
                hz.put(p, new double[rows.size()]);
            }
            double bin = rows.isEmpty() ? 0 : rows.get(0)[1] - rows.get(0)[0];
            for (int i = 0; i < rows.size(); i++) {
                start[i] = rows.get(i)[0];
                int c = 2;
                for (double[] v : hz.values()) {
                    v[i] = rows.get(i)[c++];
                }
            }
            return new RateTable(bin, start, hz);
        } catch (NumberFormatException e) {
            throw new RunFolderException(file + ": not a number: " + e.getMessage(), e);
        } catch (RunFolderException e) {
            throw e;
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Group group(HdfFile f, String name, Path file) throws RunFolderException {
        if (!(f.getChildren().get(name) instanceof Group g)) {
            throw new RunFolderException(file + ": no /" + name + " group");
        }
        return g;
    }

    private static Dataset dataset(Group g, String name, Path file) throws RunFolderException {
        if (!(g.getChildren().get(name) instanceof Dataset d)) {
            throw new RunFolderException(file + ": " + g.getPath() + name + " is missing");
        }
        return d;
    }

    private static double[] doubles(Dataset d, Path file) throws RunFolderException {
        if (d.getDataFlat() instanceof double[] v) {
            return v;
        }
        throw new RunFolderException(file + ": " + d.getPath() + " is not float64");
    }

    /** Integer ids; unsigned 64-bit values are read straight from the buffer, not as BigIntegers. */
    private static int[] ints(Dataset d, Path file) throws RunFolderException {
        if (!(d.getDataType() instanceof FixedPoint type)) {
            throw new RunFolderException(file + ": " + d.getPath() + " is not an integer dataset");
        }
        int n = Math.toIntExact(d.getSize());
        int[] out = new int[n];
        if (type.getSize() == 8 && d instanceof ContiguousDataset c) {
            ByteBuffer b = c.getBuffer().order(type.getByteOrder());
            for (int i = 0; i < n; i++) {
                out[i] = Math.toIntExact(b.getLong(i * 8));
            }
            return out;
        }
        Object flat = d.getDataFlat();
        for (int i = 0; i < n; i++) {
            out[i] = Math.toIntExact(((Number) java.lang.reflect.Array.get(flat, i)).longValue());
        }
        return out;
    }
}
