package org.leinao.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * Determinism at a scale where every code path is exercised: 20,000 neurons of three models,
 * mixed connectors, random delays over a wide range (multi-step slices), Poisson and noise input;
 * bit-identical spikes on 1, 2 and 3 threads, with spikes delivered through ring buffers (the
 * engine's choice here) and through the spike queue. Long: runs with -Pvalidation.
 */
@Tag("validation")
class LargeDeterminismValidationTest {

    @Test
    void twentyThousandNeuronsIdenticalOnOneTwoThreeThreads() {
        NetworkSpec spec = Network.builder().dt(0.1).seed(2024)
                .population("e", 14000, NeuronModels.iafPscExp().with("tau_m", 20).with("tau_syn_ex", 0.5)
                        .with("tau_syn_in", 0.5), Map.of("V_m", Distribution.normal(-58, 10)))
                .population("i", 4000, NeuronModels.iafPscAlpha(), Map.of("V_m", Distribution.uniform(-70, -56)))
                .population("c", 2000, NeuronModels.iafCondExp(), Map.of("V_m", Distribution.uniform(-70, -56)))
                .connect("e", List.of("e", "i", "c"), Connector.fixedIndegree(400),
                        Distribution.normalClipped(87.8, 8.78, 0, 1000), Distribution.normalClipped(1.5, 0.75, 0.1, 10))
                .connect("i", List.of("e", "i"), Connector.pairwiseBernoulli(0.05),
                        Distribution.normalClipped(-351.2, 35, -1000, 0), Distribution.normalClipped(0.8, 0.4, 0.1, 10))
                .connect("c", "e", Connector.fixedOutdegree(100), Distribution.constant(20), Distribution.uniform(1, 3))
                .connect("e", "c", Connector.fixedTotalNumber(200_000), Distribution.constant(0.5),
                        Distribution.constant(2.0))
                .stimulus("bg", Stimulus.poisson(16000), List.of("e", "i"), 87.8, 1.5)
                .current("noise", Stimulus.noise(300, 100, 0.5), List.of("c"))
                .recordSpikes("e", "i", "c")
                .build();
        Result ref = null;
        for (int run = 0; run < 5; run++) {
            int t = run < 3 ? run + 1 : run == 3 ? 2 : 4; // 1, 2, 3 threads automatic; then 2 and 4 with the queue
            Worker.Delivery mode = run < 3 ? Worker.Delivery.AUTO : Worker.Delivery.QUEUE;
            Result r;
            try (Simulator sim = Simulator.create(spec, Threads.of(t), mode)) {
                if (mode == Worker.Delivery.QUEUE) {
                    assertThat(sim.queued(0)).isTrue();
                }
                r = sim.run(500.0);
            }
            if (ref == null) {
                ref = r;
                assertThat(r.totalSpikes("e")).isGreaterThan(10_000);
                assertThat(r.totalSpikes("c")).isGreaterThan(100);
            } else {
                for (String p : List.of("e", "i", "c")) {
                    assertThat(r.spikes(p)).as("%s on %d threads, %s", p, t, mode).isEqualTo(ref.spikes(p));
                }
            }
        }
    }
}
