package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.Stimulus;

/**
 * AdEx firing patterns for the parameter sets of Naud, Marcille, Clopath &amp; Gerstner 2008
 * (Biol. Cybern. 99:335, Table 1: C, g_L, E_L, V_T, Δ_T, a, τ_w, b, V_r, I) under a current step,
 * recognised from the inter-spike intervals, for both synapse variants of the model.
 */
class AdexPatternsTest {

    private static double[] isis(String model, double c, double gL, double eL, double vT, double a, double tauW,
            double b, double vR, double current) {
        NeuronModel m = NeuronModels.of(model).with("C_m", c).with("g_L", gL).with("E_L", eL).with("V_th", vT)
                .with("Delta_T", 2.0).with("a", a).with("tau_w", tauW).with("b", b).with("V_reset", vR)
                .with("V_peak", 0.0);
        var spec = Network.builder().dt(0.1).population("n", 1, m)
                .current("i", new Stimulus.StepCurrent(new double[] {10}, new double[] {current}), List.of("n"))
                .recordSpikes("n").build();
        double[] t;
        try (Simulator sim = Simulator.create(spec)) {
            t = sim.run(800.0).spikes("n").timesOf(0);
        }
        double[] isi = new double[Math.max(0, t.length - 1)];
        for (int i = 1; i < t.length; i++) {
            isi[i - 1] = t[i] - t[i - 1];
        }
        return isi;
    }

    @ParameterizedTest
    @ValueSource(strings = {"aeif_cond_exp", "aeif_psc_exp"})
    void spikeFrequencyAdaptation(String model) {
        double[] isi = isis(model, 200, 12, -70, -50, 2, 300, 60, -58, 500);
        assertThat(isi.length).isGreaterThan(8);
        for (int i = 1; i < 6; i++) {
            assertThat(isi[i]).as("ISI %d increases", i).isGreaterThan(isi[i - 1]);
        }
        assertThat(isi[isi.length - 1] / isi[0]).isGreaterThan(4.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aeif_cond_exp", "aeif_psc_exp"})
    void tonicSpikingWithoutAdaptationCurrent(String model) {
        double[] isi = isis(model, 200, 10, -70, -50, 2, 30, 0, -58, 500);
        assertThat(isi[isi.length - 1] / isi[0]).isBetween(0.95, 1.2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aeif_cond_exp", "aeif_psc_exp"})
    void initialBurst(String model) {
        double[] isi = isis(model, 130, 18, -58, -50, 4, 150, 120, -50, 400);
        assertThat(isi[0]).isLessThan(10.0);
        assertThat(isi[1]).isLessThan(10.0);
        for (int i = 2; i < isi.length; i++) {
            assertThat(isi[i]).as("tonic after the burst").isGreaterThan(40.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aeif_cond_exp", "aeif_psc_exp"})
    void regularBursting(String model) {
        double[] isi = isis(model, 200, 10, -58, -50, 2, 120, 100, -46, 210);
        int bursts = 0;
        for (int i = 0; i + 1 < isi.length; i++) {
            if (isi[i] > 50 && isi[i + 1] < 10) {
                bursts++;
            }
        }
        assertThat(bursts).isGreaterThanOrEqualTo(4);
    }
}
