package org.leinao.io.output;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.leinao.engine.neuron.ModelType;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.neuron.ParamDef;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Writes the SONATA spike file and report files with jhdf. Layout (SONATA "Output" spec, as bmtk
 * writes it):
 * <pre>
 * spikes.h5     /spikes                        attr sorting = "by_time"
 *               /spikes/&lt;pop&gt;                  attr sorting = "by_time"
 *               /spikes/&lt;pop&gt;/timestamps       float64 [n], attr units = "ms"
 *               /spikes/&lt;pop&gt;/node_ids         uint64 [n], population-local ids
 * state_&lt;v&gt;.h5 /report/&lt;pop&gt;/data              float64 [samples, neurons], attr units
 *               /report/&lt;pop&gt;/mapping/node_ids  uint64 [neurons]
 *               /report/&lt;pop&gt;/mapping/index_pointers uint64 [neurons+1] (one element per node)
 *               /report/&lt;pop&gt;/mapping/element_ids uint32 [neurons] (all 0)
 *               /report/&lt;pop&gt;/mapping/time      float64 [start, stop, step] in ms, attr units = "ms"
 * </pre>
 * jhdf cannot write zero-length datasets, so a population without any spike (or a trace without
 * any sample) gets no group: readers see it as absent, as bmtk does for silent populations.
 */
final class Sonata {
    static final String SORTING = "by_time";
    private static final DatasetCreationOptions UNSIGNED = DatasetCreationOptions.builder().unsigned().build();

    private Sonata() {
    }

    /** Writes {@code spikes.h5} with one group per population that has at least one recorded spike. */
    static void writeSpikes(Path file, Map<String, SpikeTrains> spikes) throws IOException {
        try (WritableHdfFile f = HdfFile.write(file)) {
            WritableGroup root = f.putGroup("spikes");
            root.putAttribute("sorting", SORTING);
            for (SpikeTrains s : spikes.values()) {
                if (s.count() == 0) {
                    continue;
                }
                WritableGroup g = root.putGroup(s.population());
                g.putAttribute("sorting", SORTING);
                WritableDataset t = g.putDataset("timestamps", s.times());
                t.putAttribute("units", "ms");
                int[] n = s.neurons();
                long[] ids = new long[n.length];
                for (int i = 0; i < n.length; i++) {
                    ids[i] = n[i];
                }
                g.putDataset("node_ids", ids, UNSIGNED);
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot write " + file + ": " + e, e);
        }
    }

    /** Writes {@code state_<variable>.h5} with one report group per population. */
    static void writeReport(Path file, String variable, List<StateTrace> traces) throws IOException {
        try (WritableHdfFile f = HdfFile.write(file)) {
            WritableGroup report = f.putGroup("report");
            String unit = unitOf(variable);
            for (StateTrace s : traces) {
                int n = s.neurons().length;
                int samples = s.samples();
                if (n == 0 || samples == 0) {
                    continue;
                }
                WritableGroup g = report.putGroup(s.population());
                double[][] data = new double[samples][n];
                double[] v = s.values();
                for (int t = 0; t < samples; t++) {
                    System.arraycopy(v, t * n, data[t], 0, n);
                }
                WritableDataset d = g.putDataset("data", data);
                if (unit != null) {
                    d.putAttribute("units", unit);
                }
                d.putAttribute("variable_name", variable);
                WritableGroup m = g.putGroup("mapping");
                long[] ids = new long[n];
                long[] pointers = new long[n + 1];
                int[] elements = new int[n];
                for (int j = 0; j < n; j++) {
                    ids[j] = s.neurons()[j];
                    pointers[j + 1] = j + 1;
                }
                m.putDataset("node_ids", ids, UNSIGNED);
                m.putDataset("index_pointers", pointers, UNSIGNED);
                m.putDataset("element_ids", elements, UNSIGNED);
                WritableDataset time = m.putDataset("time",
                        new double[] {s.start(), SpikeTrains.tidy(s.start() + samples * s.interval()), s.interval()});
                time.putAttribute("units", "ms");
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot write " + file + ": " + e, e);
        }
    }

    /** The canonical unit of a state variable if every neuron model that has it agrees, else null. */
    static String unitOf(String variable) {
        String unit = null;
        for (ModelType type : NeuronModels.all()) {
            ParamDef d = type.state(variable);
            if (d == null) {
                continue;
            }
            String u = d.dimension().unit();
            if (unit == null) {
                unit = u;
            } else if (!unit.equals(u)) {
                return null;
            }
        }
        return unit == null || unit.isEmpty() ? null : unit;
    }
}
