package org.leinao.io.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/** Small results whose every value is known, and one tiny real simulation. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * dt 0.1 ms, 100 steps (10 ms). "exc" (4 neurons, spikes recorded): neuron 0 fires at steps
     * 4, 19, 39, 59, 79 (times 0.5, 2, 4, 6, 8 ms: ISIs 1.5, 2, 2, 2 ms), neuron 2 at step 9 (1 ms).
     * "inh" (2 neurons) recorded but silent. "ext" (3 neurons) not recorded, 3 spikes in counts.
     * V_m of exc neurons 1 and 3 sampled every 0.5 ms from 0.1 ms: value = 10·t + column.
     */
    static Result handmade() {
        double dt = 0.1;
        int steps = 100;
        int[] excSteps = {4, 9, 19, 39, 59, 79};
        int[] excIds = {0, 2, 0, 0, 0, 0};
        int[] excCounts = new int[steps];
        for (int s : excSteps) {
            excCounts[s]++;
        }
        int[] extCounts = new int[steps];
        extCounts[10] = 2;
        extCounts[50] = 1;
        Map<String, SpikeTrains> spikes = new LinkedHashMap<>();
        spikes.put("exc", new SpikeTrains("exc", 4, dt, excSteps, excIds));
        spikes.put("inh", new SpikeTrains("inh", 2, dt, new int[0], new int[0]));
        int samples = 20;
        double[] v = new double[samples * 2];
        for (int t = 0; t < samples; t++) {
            double time = 0.1 + 0.5 * t;
            v[2 * t] = 10 * time;
            v[2 * t + 1] = 10 * time + 1;
        }
        Map<String, StateTrace> states = new LinkedHashMap<>();
        states.put("exc/V_m", new StateTrace("exc", "V_m", 0.1, 0.5, new int[] {1, 3}, v));
        Map<String, int[]> counts = new LinkedHashMap<>();
        counts.put("exc", excCounts);
        counts.put("inh", new int[steps]);
        counts.put("ext", extCounts);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("exc", 4);
        sizes.put("inh", 2);
        sizes.put("ext", 3);
        return new Result(dt, steps, spikes, states, counts, sizes);
    }

    static RunInfo info(Result r) {
        return new RunInfo("handmade", 7, 1, r.dt(), r.duration(), 9, 12, 0.25, 0.5, 50.0, 123_456_789L, 16.0,
                "0.1.0-test");
    }

    /** 20 LIF neurons driven by Poisson input for 100 ms, spikes and V_m of 3 neurons recorded. */
    static Result simulated() {
        NetworkSpec spec = Network.builder().dt(0.1).seed(3)
                .population("exc", 16, NeuronModels.iafPscDelta())
                .population("inh", 4, NeuronModels.iafPscDelta())
                .stimulus("bg", Stimulus.poisson(20_000), List.of("exc", "inh"), 0.2, 1.0)
                .recordSpikes("exc", "inh")
                .recordState("exc", List.of("V_m"), new int[] {0, 1, 2}, 0.5)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(100);
        }
    }
}
