package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/** {@code parrot_neuron} repeats every arriving spike, several in one step included (NEST's multiplicity). */
class ParrotTest {

    @Test
    void aFastPoissonTrainIsRelayedWithItsFullRate() {
        // 10 kHz at dt 0.1 ms: one spike per step on average, often two or more. NEST's parrots
        // relay all of them (10 kHz); keeping one per step would give 10 kHz · (1 - e^-1) = 6.3 kHz.
        NetworkSpec spec = Network.builder().dt(0.1).seed(5)
                .population("p", 100, NeuronModels.of("parrot_neuron"))
                .stimulus("fast", Stimulus.poisson(10_000), List.of("p"), 1, 0.1)
                .recordSpikes("p")
                .build();
        for (int t = 1; t <= 2; t++) {
            try (Simulator sim = Simulator.create(spec, Threads.of(t))) {
                Result r = sim.run(1000.0);
                assertThat(r.rate("p")).as("rate on %d threads", t).isCloseTo(10_000, offset(150.0));
                assertThat((long) r.spikes("p").steps().length).isEqualTo(r.totalSpikes("p"));
            }
        }
    }

    @Test
    void twoSpikesArrivingTogetherLeaveTogetherAndCountTwiceDownstream() {
        // Spikes at 1.0 ms twice for parrot 0; its target gets 2 × 5 mV in the same step.
        NetworkSpec spec = Network.builder().dt(0.1).seed(1)
                .population("p", 2, NeuronModels.of("parrot_neuron"))
                .population("d", 1, NeuronModels.of("iaf_psc_delta").with("V_th", 100))
                .stimulus("twice", new Stimulus.SpikeTimes(new double[] {1.0, 1.0, 2.0}, new int[] {0, 0, 1}),
                        List.of("p"), 1, 0.1)
                .connect("p", "d", Connector.allToAll(), Distribution.constant(5), Distribution.constant(0.1))
                .recordSpikes("p")
                .recordState("d", List.of("V_m"), null, 0.1)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            Result r = sim.run(3.0);
            assertThat(r.totalSpikes("p")).isEqualTo(3);
            double[] v = r.state("d", "V_m").values();
            double jump = 0;
            for (int i = 1; i < v.length; i++) {
                jump = Math.max(jump, v[i] - v[i - 1]);
            }
            assertThat(jump).as("largest one-step rise of d's membrane").isCloseTo(10.0, offset(1e-6));
        }
    }
}
