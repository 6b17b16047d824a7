package org.leinao.io.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Builds {@code summary.json}. Spike counts and rates come from the always-on per-step counts of
 * the {@link Result}, so they exist even for populations whose spikes were not recorded; the CV of
 * the inter-spike intervals needs recorded spikes and is {@code null} otherwise (or when no neuron
 * fired three times). Non-finite numbers are written as {@code null}.
 */
final class Summary {
    /** Value of the {@code format} field, checked by {@link RunReader}. */
    static final String FORMAT = "leinao-run";
    /** Newest {@code format_version} this code writes and reads. */
    static final int VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    private Summary() {
    }

    static ObjectNode build(Result r, RunInfo info, RateTable rates, double writeSeconds, List<String> files) {
        ObjectNode s = JSON.createObjectNode();
        s.put("format", FORMAT);
        s.put("format_version", VERSION);
        s.put("name", info.name());
        s.put("seed", info.seed());
        s.put("threads", info.threads());
        number(s, "dt_ms", r.dt());
        number(s, "duration_ms", r.duration());
        s.put("steps", r.steps());
        s.put("neurons", info.neurons());
        s.put("synapses", info.synapses());
        ObjectNode pops = s.putObject("populations");
        for (String p : r.populations()) {
            ObjectNode o = pops.putObject(p);
            o.put("size", r.size(p));
            o.put("spikes", r.totalSpikes(p));
            number(o, "rate_hz", r.rate(p));
            SpikeTrains st = r.spikes().get(p);
            if (st == null) {
                o.putNull("cv_isi");
                o.putNull("recorded_spikes");
            } else {
                number(o, "cv_isi", st.meanCvIsi());
                o.put("recorded_spikes", st.count());
            }
        }
        ObjectNode rec = s.putObject("recorded");
        ArrayNode sp = rec.putArray("spikes");
        r.spikes().keySet().forEach(sp::add);
        ObjectNode state = rec.putObject("state");
        for (Map.Entry<String, List<StateTrace>> e : byVariable(r).entrySet()) {
            ArrayNode a = state.putArray(e.getKey());
            e.getValue().forEach(t -> a.add(t.population()));
        }
        ObjectNode rt = s.putObject("rates");
        rt.put("file", "rates.csv");
        number(rt, "bin_ms", rates.binMs());
        ObjectNode timing = s.putObject("timing");
        number(timing, "build_s", info.buildSeconds());
        number(timing, "simulate_s", info.simulateSeconds());
        number(timing, "write_s", writeSeconds);
        number(timing, "real_time_factor", info.realTimeFactor());
        ObjectNode mem = s.putObject("memory");
        mem.put("peak_heap_bytes", info.peakHeapBytes());
        number(mem, "bytes_per_synapse", info.bytesPerSynapse());
        ArrayNode f = s.putArray("files");
        files.forEach(f::add);
        s.put("version", info.version());
        return s;
    }

    /** State traces grouped by variable name, in recording order. */
    static Map<String, List<StateTrace>> byVariable(Result r) {
        Map<String, List<StateTrace>> m = new LinkedHashMap<>();
        for (StateTrace t : r.states().values()) {
            m.computeIfAbsent(t.variable(), k -> new java.util.ArrayList<>()).add(t);
        }
        return m;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
