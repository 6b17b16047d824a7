package org.leinao.io.output;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Reads back the SONATA files written by {@link Sonata} and checks them against
 * {@code summary.json} ({@link RunFacts}): the file is complete (not shorter than its HDF5
 * superblock says), every dataset has the type and shape of the layout, lengths agree with each
 * other and with the summary, ids lie inside their population and spike times inside the run.
 * Every problem is a {@link RunFolderException} "FILE: what: expected …, got …".
 *
 * <p>With {@code out == null} only the layout is checked (no data set is read): what
 * {@code leinao info} needs, fast on large files.
 */
final class SonataReader {
    private SonataReader() {
    }

    /** Reads (or, with {@code out == null}, checks) {@code spikes.h5} for the recorded populations. */
    static void spikes(Path file, List<String> pops, RunFacts facts, Map<String, SpikeTrains> out)
            throws RunFolderException {
        try (HdfFile f = open(file, "recorded spikes")) {
            Group root = group(f, "spikes", file);
            for (String p : pops) {
                int size = facts.size(p, file);
                Long expected = facts.recordedSpikes().get(p);
                String where = file + ": /spikes/" + p;
                Node node = root.getChildren().get(p);
                if (node == null) {
                    // Recorded but silent: jhdf cannot write empty datasets, so the group is absent.
                    if (expected != null && expected != 0) {
                        throw new RunFolderException(where + ": expected a group with " + expected
                                + " spikes (recorded_spikes in summary.json), got none");
                    }
                    if (out != null) {
                        out.put(p, new SpikeTrains(p, size, facts.dt(), new int[0], new int[0]));
                    }
                    continue;
                }
                if (!(node instanceof Group g)) {
                    throw new RunFolderException(where + ": expected a group, got a dataset");
                }
                Dataset times = dataset(g, "timestamps", file);
                Dataset nodes = dataset(g, "node_ids", file);
                long n = length(times, file);
                if (expected != null && n != expected) {
                    throw new RunFolderException(file + ": " + times.getPath() + ": expected " + expected
                            + " spikes (recorded_spikes in summary.json), got " + n);
                }
                expectLength(nodes, n, "one per timestamp", file);
                expectFloat64(times, file);
                expectInteger(nodes, file);
                if (out == null) {
                    continue;
                }
                double[] t = doubles(times);
                int[] ids = ints(nodes, size, file);
                int[] steps = new int[t.length];
                for (int i = 0; i < t.length; i++) {
                    long step = Math.round(t[i] / facts.dt()) - 1;
                    if (!(step >= 0 && step < facts.steps())) {
                        throw new RunFolderException(file + ": " + times.getPath() + "[" + i + "]: expected a time in ("
                                + "0 ms, " + facts.duration() + " ms], got " + t[i] + " ms");
                    }
                    steps[i] = (int) step;
                }
                out.put(p, new SpikeTrains(p, size, facts.dt(), steps, ids));
            }
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads (or, with {@code out == null}, checks) {@code state_<variable>.h5} for the listed populations. */
    static void state(Path file, String variable, List<String> pops, RunFacts facts, Map<String, StateTrace> out)
            throws RunFolderException {
        try (HdfFile f = open(file, "recorded " + variable)) {
            Group report = group(f, "report", file);
            for (String p : pops) {
                int size = facts.size(p, file);
                if (!(report.getChildren().get(p) instanceof Group g)) {
                    continue; // a trace without samples is not written
                }
                Dataset data = dataset(g, "data", file);
                if (!(g.getChildren().get("mapping") instanceof Group mapping)) {
                    throw new RunFolderException(file + ": " + g.getPath() + "mapping: expected a group, got none");
                }
                Dataset ids = dataset(mapping, "node_ids", file);
                Dataset time = dataset(mapping, "time", file);
                long cols = length(ids, file);
                int[] shape = data.getDimensions();
                if (shape.length != 2 || shape[1] != cols) {
                    throw new RunFolderException(file + ": " + data.getPath() + ": expected shape [samples, " + cols
                            + "] (one column per mapping/node_ids), got " + Arrays.toString(shape));
                }
                expectLength(dataset(mapping, "index_pointers", file), cols + 1, "node_ids + 1", file);
                expectLength(dataset(mapping, "element_ids", file), cols, "one per node id", file);
                expectLength(time, 3, "[start, stop, step]", file);
                expectFloat64(data, file);
                expectFloat64(time, file);
                expectInteger(ids, file);
                double[] tss = doubles(time);
                double start = tss[0];
                double step = tss[2];
                int rows = shape[0];
                if (!(start > 0) || !(step > 0) || !Double.isFinite(start + step)
                        || Math.abs(tss[1] - (start + rows * step)) > 1e-9 * Math.max(1, Math.abs(tss[1]))) {
                    throw new RunFolderException(file + ": " + time.getPath() + ": expected [start > 0, start + "
                            + rows + " samples × step, step > 0] in ms, got " + Arrays.toString(tss));
                }
                long every = Math.max(1, Math.round(step / facts.dt()));
                if (rows != facts.steps() / every) {
                    throw new RunFolderException(file + ": " + data.getPath() + ": expected " + facts.steps() / every
                            + " samples (" + facts.duration() + " ms sampled every " + step + " ms), got " + rows);
                }
                int[] columns = ints(ids, size, file);
                if (out != null) {
                    out.put(p + "/" + variable, new StateTrace(p, variable, start, step, columns, doubles(data)));
                }
            }
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    /** Opens an HDF5 file that must be complete: not shorter than the end-of-file address in its superblock. */
    private static HdfFile open(Path file, String what) throws RunFolderException {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": expected a file (summary.json lists " + what + "), got none");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read: " + e.getMessage(), e);
        }
        HdfFile f;
        try {
            f = new HdfFile(file);
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
        Superblock sb = f.getHdfBackingStorage().getSuperblock();
        long end = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        if (sb.getEndOfFileAddress() > 0 && end > size) {
            f.close();
            throw new RunFolderException(file + ": expected " + end + " bytes (the length in its HDF5 superblock),"
                    + " got " + size + ": the file is truncated");
        }
        return f;
    }

    private static RunFolderException unreadable(Path file, RuntimeException e) {
        return new RunFolderException(file + ": expected an HDF5 file in the SONATA layout, got unreadable data ("
                + e.getMessage() + ")", e);
    }

    private static Group group(HdfFile f, String name, Path file) throws RunFolderException {
        if (!(f.getChildren().get(name) instanceof Group g)) {
            throw new RunFolderException(file + ": /" + name + ": expected a group, got none");
        }
        return g;
    }

    private static Dataset dataset(Group g, String name, Path file) throws RunFolderException {
        if (!(g.getChildren().get(name) instanceof Dataset d)) {
            throw new RunFolderException(file + ": " + g.getPath() + name + ": expected a dataset, got none");
        }
        return d;
    }

    /** Length of a 1-D dataset. */
    private static long length(Dataset d, Path file) throws RunFolderException {
        long[] dims = d.getDimensionsAsLong();
        if (dims.length != 1) {
            throw new RunFolderException(file + ": " + d.getPath() + ": expected a 1-D dataset, got shape "
                    + Arrays.toString(dims));
        }
        return dims[0];
    }

    private static void expectLength(Dataset d, long n, String why, Path file) throws RunFolderException {
        long len = length(d, file);
        if (len != n) {
            throw new RunFolderException(file + ": " + d.getPath() + ": expected " + n + " values (" + why + "), got "
                    + len);
        }
    }

    private static void expectFloat64(Dataset d, Path file) throws RunFolderException {
        if (!(d.getDataType() instanceof FloatingPoint t) || t.getSize() != 8) {
            throw new RunFolderException(file + ": " + d.getPath() + ": expected float64 values, got "
                    + d.getJavaType().getSimpleName() + " values");
        }
    }

    private static void expectInteger(Dataset d, Path file) throws RunFolderException {
        if (!(d.getDataType() instanceof FixedPoint)) {
            throw new RunFolderException(file + ": " + d.getPath() + ": expected integer values, got "
                    + d.getJavaType().getSimpleName() + " values");
        }
    }

    private static double[] doubles(Dataset d) {
        return (double[]) d.getDataFlat();
    }

    /**
     * Integer ids in [0, size); unsigned 64-bit values are read straight from the buffer, not as
     * BigIntegers.
     */
    private static int[] ints(Dataset d, int size, Path file) throws RunFolderException {
        FixedPoint type = (FixedPoint) d.getDataType();
        int n = Math.toIntExact(d.getSize());
        int[] out = new int[n];
        ByteBuffer b = type.getSize() == 8 && d instanceof ContiguousDataset c ? c.getBuffer().order(type.getByteOrder())
                : null;
        Object flat = b == null ? d.getDataFlat() : null;
        for (int i = 0; i < n; i++) {
            long v = b != null ? b.getLong(i * 8) : ((Number) java.lang.reflect.Array.get(flat, i)).longValue();
            if (v < 0 || v >= size) {
                throw new RunFolderException(file + ": " + d.getPath() + "[" + i + "]: expected a node id in [0, "
                        + size + "), got " + Long.toUnsignedString(v));
            }
            out[i] = (int) v;
        }
        return out;
    }
}
