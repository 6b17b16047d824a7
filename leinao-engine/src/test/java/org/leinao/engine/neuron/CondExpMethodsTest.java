package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.Stimulus;

/**
 * The fixed-step methods of {@code iaf_cond_exp} (Brian2's {@code euler} and
 * {@code exponential_euler}): the first step equals the hand-computed formula, and with slow
 * synapses the traces stay close to the adaptive reference.
 */
class CondExpMethodsTest {

    private static StateTrace trace(int method, double tauEx, double tauIn) {
        NeuronModel m = NeuronModels.iafCondExp().with("method", method).with("tau_syn_ex", tauEx)
                .with("tau_syn_in", tauIn).with("I_e", 100.0);
        var spec = Network.builder().dt(0.1)
                .population("n", 1, m, Map.of("g_ex", Distribution.constant(10), "g_in", Distribution.constant(20)))
                .stimulus("e", new Stimulus.SpikeTimes(2.0, 5.0, 11.0), List.of("n"), 5.0, 0.1)
                .stimulus("i", new Stimulus.SpikeTimes(8.0), List.of("n"), -15.0, 0.1)
                .recordState("n", List.of("V_m", "g_ex"), null, 0.1)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(30.0).state("n", "V_m");
        }
    }

    @Test
    void eulerFirstStepMatchesFormula() {
        double v0 = -70;
        double dv = (-16.6667 * (v0 + 70) - 10 * (v0 - 0) - 20 * (v0 + 85) + 100) / 250.0;
        assertThat(trace(1, 5, 10).value(0, 0)).isCloseTo(v0 + 0.1 * dv, within(1e-12));
        double g = 16.6667 + 10 + 20;
        double vInf = (16.6667 * -70 + 10 * 0 + 20 * -85 + 100) / g;
        assertThat(trace(2, 5, 10).value(0, 0)).isCloseTo(vInf + (v0 - vInf) * Math.exp(-0.1 * g / 250), within(1e-12));
    }

    @Test
    void fixedStepMethodsTrackTheAdaptiveReferenceWithSlowSynapses() {
        StateTrace ref = trace(0, 5, 10);
        for (int method : new int[] {1, 2}) {
            StateTrace t = trace(method, 5, 10);
            double maxErr = 0;
            for (int i = 0; i < ref.samples(); i++) {
                maxErr = Math.max(maxErr, Math.abs(t.value(i, 0) - ref.value(i, 0)));
            }
            assertThat(maxErr).as("method %d", method).isLessThan(0.1).isGreaterThan(0.0);
        }
    }

    @Test
    void unknownMethodIsRejected() {
        List<String> problems = Network.builder().population("n", 1, NeuronModels.iafCondExp().with("method", 7))
                .spec().validate();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("populations.n.params.method")
                .contains("adaptive, euler, exponential_euler"));
    }
}
