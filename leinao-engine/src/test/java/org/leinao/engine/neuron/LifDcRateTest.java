package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;

/**
 * A LIF neuron driven by a constant current fires with the period
 * T = t_ref + τ_m·ln((V∞ − V_reset)/(V∞ − V_th)), V∞ = E_L + I·τ_m/C; on the grid every measured
 * inter-spike interval lies within one step of T.
 */
class LifDcRateTest {

    @ParameterizedTest
    @CsvSource({"iaf_psc_delta, 400", "iaf_psc_delta, 1000", "iaf_psc_exp, 450", "iaf_psc_exp, 2000",
            "iaf_psc_alpha, 376.5", "iaf_psc_alpha, 800"})
    void periodMatchesAnalyticWithinOneStep(String model, double current) {
        double dt = 0.1;
        NeuronModel m = NeuronModels.of(model).with("I_e", current).with("tau_m", 10.0).with("C_m", 250.0)
                .with("t_ref", 2.0);
        NetworkSpec spec = Network.builder().dt(dt).population("n", 1, m).recordSpikes("n").build();
        SpikeTrains s;
        try (Simulator sim = Simulator.create(spec)) {
            s = sim.run(2000.0).spikes("n");
        }
        double vInf = -70.0 + current * 10.0 / 250.0;
        double period = 2.0 + 10.0 * Math.log((vInf - -70.0) / (vInf - -55.0));
        double[] t = s.timesOf(0);
        assertThat(t.length).isGreaterThan(5);
        for (int i = 1; i < t.length; i++) {
            assertThat(Math.abs((t[i] - t[i - 1]) - period)).as("ISI %d", i).isLessThanOrEqualTo(dt + 1e-9);
        }
        double rate = t.length / 2.0;
        double expectedRate = 1000.0 / period;
        // Counting over 2 s the rate is within one spike plus the per-ISI grid error.
        assertThat(Math.abs(rate - expectedRate)).isLessThanOrEqualTo(expectedRate * dt / period + 0.5 + 1e-9);
    }
}
