package org.leinao.engine.stim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * Poisson input statistics. (1) Counts: a non-leaky delta neuron with weight 1 mV integrates the
 * exact number of input spikes; over many neurons the mean count and the Fano factor (≈ 1) must lie
 * within 4σ of their expected values. (2) Campbell's theorem: the free membrane potential of
 * {@code iaf_psc_exp} under Poisson input has mean ν·Σ PSP and variance ν·Σ PSP² (shot noise; the
 * sums run over the dt grid on which input arrives).
 */
class PoissonStatisticsTest {

    @Test
    void countMeanAndFanoFactor() {
        int n = 2000;
        double rate = 50.0;
        double duration = 1000.0;
        NetworkSpec spec = Network.builder().dt(0.1).seed(3)
                .population("n", n, NeuronModels.iafPscDelta().with("E_L", 0).with("V_reset", 0).with("V_th", 1e9)
                        .with("tau_m", 1e15))
                .stimulus("p", Stimulus.poisson(rate), List.of("n"), 1.0, 0.1)
                .recordState("n", List.of("V_m"), null, duration)
                .build();
        StateTrace v;
        try (Simulator sim = Simulator.create(spec, Threads.of(2))) {
            // One extra step so that spikes emitted in the last step (delay 1 step) have arrived.
            v = sim.run(duration + 0.1).state("n", "V_m");
        }
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double c = Math.rint(v.value(0, i));
            sum += c;
            sq += c * c;
        }
        double mean = sum / n;
        double var = (sq - n * mean * mean) / (n - 1);
        double expected = rate * (duration - 0.1) * 1e-3;
        assertThat(Math.abs(mean - expected)).isLessThan(4 * Math.sqrt(expected / n));
        double fano = var / mean;
        // Standard error of a sample variance ratio ≈ sqrt(2/(n-1)) (plus the Poisson excess kurtosis term).
        double se = Math.sqrt(2.0 / (n - 1) + 1.0 / (expected * n));
        assertThat(Math.abs(fano - 1.0)).isLessThan(4 * se);
    }

    @Test
    void freeMembraneMatchesCampbell() {
        int n = 1000;
        double dt = 0.1;
        double rate = 2000.0;
        double w = 20.0;
        double tauM = 10.0;
        double tauS = 2.0;
        double c = 250.0;
        NetworkSpec spec = Network.builder().dt(dt).seed(5)
                .population("n", n, NeuronModels.iafPscExp().with("E_L", 0).with("V_reset", 0).with("V_th", 1e9)
                        .with("tau_m", tauM).with("tau_syn_ex", tauS).with("C_m", c))
                .stimulus("p", Stimulus.poisson(rate), List.of("n"), w, 0.1)
                .recordState("n", List.of("V_m"), null, 50.0)
                .build();
        StateTrace v;
        try (Simulator sim = Simulator.create(spec, Threads.of(2))) {
            v = sim.run(2000.0).state("n", "V_m");
        }
        // PSP on the grid: the current jumps at the end of the arrival step and the membrane
        // integrates it exactly afterwards.
        double lambda = rate * dt * 1e-3;
        double s1 = 0;
        double s2 = 0;
        for (int k = 1; k < 20000; k++) {
            double t = k * dt;
            double psp = w / c * (Math.exp(-t / tauS) - Math.exp(-t / tauM)) / (1 / tauM - 1 / tauS);
            s1 += psp;
            s2 += psp * psp;
        }
        double expectedMean = lambda * s1;
        double expectedVar = lambda * s2;
        // Samples after 200 ms (equilibrium), 50 ms apart (> 5 tau_m: nearly independent).
        double sum = 0;
        double sq = 0;
        int m = 0;
        for (int t = 4; t < v.samples(); t++) {
            for (int j = 0; j < n; j++) {
                double x = v.value(t, j);
                sum += x;
                sq += x * x;
                m++;
            }
        }
        double mean = sum / m;
        double var = sq / m - mean * mean;
        assertThat(Math.abs(mean - expectedMean)).isLessThan(4 * Math.sqrt(expectedVar / m));
        // Shot noise is nearly Gaussian here; the variance estimate has relative sd ≈ sqrt(2/m).
        assertThat(Math.abs(var - expectedVar) / expectedVar).isLessThan(4 * Math.sqrt(2.0 / m) + 0.01);
    }
}
