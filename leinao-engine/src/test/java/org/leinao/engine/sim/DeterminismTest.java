package org.leinao.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * Same spec and seed give bit-identical spikes and state traces on 1, 2, 3 and 4 threads and on
 * repeated runs; another seed gives other spikes (ARCHITECTURE.md §5).
 */
class DeterminismTest {

    static NetworkSpec network(long seed) {
        return Network.builder().dt(0.1).seed(seed)
                .population("exc", 1600, NeuronModels.iafPscExp().with("tau_m", 20).with("t_ref", 2.0),
                        Map.of("V_m", Distribution.uniform(-70, -55)))
                .population("inh", 400, NeuronModels.iafPscAlpha().with("tau_m", 10),
                        Map.of("V_m", Distribution.normalClipped(-62, 4, -75, -55.1)))
                .connect("exc", List.of("exc", "inh"), Connector.pairwiseBernoulli(0.1),
                        Distribution.normalClipped(30, 8, 0, 80), Distribution.uniform(0.5, 3.0))
                .connect("inh", List.of("exc", "inh"), Connector.fixedIndegree(40),
                        Distribution.constant(-150), Distribution.constant(0.8))
                .stimulus("bg", Stimulus.poisson(9000), List.of("exc", "inh"), 25.0, 0.1)
                .recordSpikes("exc", "inh")
                .recordState("exc", List.of("V_m", "I_syn_ex"), new int[] {0, 1, 799, 800, 1599}, 0.5)
                .build();
    }

    static Result run(NetworkSpec spec, int threads) {
        try (Simulator sim = Simulator.create(spec, Threads.of(threads))) {
            sim.run(150.0);
            return sim.run(150.0);
        }
    }

    @Test
    void manyShortRunsEqualOneLongRun() {
        // Closed-loop use: the worker threads and the merged recordings carry over between calls.
        NetworkSpec spec = network(5);
        Result whole;
        try (Simulator sim = Simulator.create(spec, Threads.of(2))) {
            whole = sim.run(200.0);
        }
        try (Simulator sim = Simulator.create(spec, Threads.of(2))) {
            Result r = null;
            for (int i = 0; i < 400; i++) {
                r = sim.run(0.5);
                assertThat(r.steps()).isEqualTo(5L * (i + 1));
            }
            assertThat(r.spikes("exc")).isEqualTo(whole.spikes("exc"));
            assertThat(r.spikes("inh")).isEqualTo(whole.spikes("inh"));
            assertThat(r.state("exc", "V_m")).isEqualTo(whole.state("exc", "V_m"));
            assertThat(r.totalSpikes("exc")).isGreaterThan(100);
        }
    }

    @Test
    void identicalOnAnyThreadCountAndRepeatedRuns() {
        NetworkSpec spec = network(42);
        Result ref = run(spec, 1);
        long spikes = ref.totalSpikes("exc") + ref.totalSpikes("inh");
        assertThat(spikes).as("network must be active for the test to mean anything").isGreaterThan(2000);
        for (int t = 1; t <= 4; t++) {
            Result r = run(spec, t);
            assertThat(r.spikes("exc")).as("exc spikes on %d threads", t).isEqualTo(ref.spikes("exc"));
            assertThat(r.spikes("inh")).as("inh spikes on %d threads", t).isEqualTo(ref.spikes("inh"));
            assertThat(r.state("exc", "V_m")).as("V_m on %d threads", t).isEqualTo(ref.state("exc", "V_m"));
            assertThat(r.state("exc", "I_syn_ex")).isEqualTo(ref.state("exc", "I_syn_ex"));
        }
    }

    @Test
    void differentSeedGivesDifferentSpikes() {
        Result a = run(network(42), 2);
        Result b = run(network(43), 2);
        assertThat(b.spikes("exc")).isNotEqualTo(a.spikes("exc"));
    }

    @Test
    void connectivityIsIndependentOfThreads() {
        NetworkSpec spec = network(7);
        var ref = Simulator.create(spec, Threads.of(1)).connections();
        for (int t = 2; t <= 3; t++) {
            var c = Simulator.create(spec, Threads.of(t)).connections();
            assertThat(c.sources()).isEqualTo(ref.sources());
            assertThat(c.targets()).isEqualTo(ref.targets());
            assertThat(c.weights()).isEqualTo(ref.weights());
            assertThat(c.delaySteps()).isEqualTo(ref.delaySteps());
        }
    }
}
