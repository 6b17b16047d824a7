package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;

/**
 * NEST's reference case for {@code iaf_psc_alpha} (NEST testsuite {@code test_iaf.py}): defaults
 * C_m 250 pF, τ_m 10 ms, E_L −70 mV, V_th −55 mV, V_reset −70 mV, t_ref 2 ms, I_e 1000 pA, dt 0.1 ms.
 * Analytically V(t) = −30 − 40·e^{−t/10} mV, so V(0.1) = −69.602 mV and the threshold is crossed at
 * t = 10·ln(1.6) = 4.700036 ms, i.e. the spike is reported at the end of that step, 4.8 ms.
 */
class IafPscAlphaNestTest {

    private static Result run() {
        NetworkSpec spec = Network.builder().dt(0.1)
                .population("n", 1, NeuronModels.iafPscAlpha().with("I_e", 1000.0))
                .recordSpikes("n")
                .recordState("n", List.of("V_m"), null, 0.1)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(20.0);
        }
    }

    @Test
    void membranePotentialAfterFirstStep() {
        StateTrace v = run().state("n", "V_m");
        assertThat(v.time(0)).isCloseTo(0.1, within(1e-12));
        assertThat(v.value(0, 0)).isCloseTo(-69.602, within(1e-3));
        assertThat(v.value(0, 0)).isCloseTo(-30 - 40 * Math.exp(-0.01), within(1e-12));
    }

    @Test
    void firstSpikeAtExactly4point8ms() {
        double[] t = run().spikes("n").timesOf(0);
        assertThat(t).isNotEmpty();
        assertThat(t[0]).isCloseTo(4.8, within(1e-9));
    }

    @Test
    void clampedToResetForRefractoryPeriod() {
        StateTrace v = run().state("n", "V_m");
        // Samples at 4.8 .. 6.8 ms (indices 47..67) are V_reset; at 6.9 ms integration resumes.
        for (int i = 47; i <= 67; i++) {
            assertThat(v.value(i, 0)).as("V at %.1f ms", v.time(i)).isEqualTo(-70.0);
        }
        assertThat(v.value(68, 0)).isGreaterThan(-70.0);
        assertThat(v.value(68, 0)).isCloseTo(-30 - 40 * Math.exp(-0.01), within(1e-12));
    }
}
