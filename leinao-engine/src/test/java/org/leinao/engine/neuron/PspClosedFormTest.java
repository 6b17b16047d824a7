package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * The postsynaptic potential of each current-based LIF to one input spike equals its closed form
 * at every step (exact integration, Rotter &amp; Diesmann 1999), including the degenerate case
 * τ_syn = τ_m, and is the same on the common grid for dt = 0.1, 0.05 and 0.01 ms. The closed forms
 * are written here independently of the engine's propagators.
 */
class PspClosedFormTest {
    private static final double C = 250.0;
    private static final double TAU_M = 10.0;
    private static final double W = 100.0;
    private static final double SPIKE = 1.0;
    private static final double DELAY = 1.0;

    /** PSP (mV above E_L) at time s after the input arrives. */
    private static double closedForm(String model, double tauS, double s) {
        if (s < 0) {
            return 0;
        }
        switch (model) {
            case "iaf_psc_delta":
                return 1.0 * Math.exp(-s / TAU_M);
            case "iaf_psc_exp":
                if (tauS == TAU_M) {
                    return W / C * s * Math.exp(-s / TAU_M);
                }
                return W / C * (Math.exp(-s / tauS) - Math.exp(-s / TAU_M)) / (1 / TAU_M - 1 / tauS);
            default:
                double amp = W * Math.E / (tauS * C);
                if (tauS == TAU_M) {
                    return amp * Math.exp(-s / TAU_M) * s * s / 2;
                }
                double a = 1 / TAU_M - 1 / tauS;
                double x = a * s;
                if (Math.abs(x) < 0.5) {
                    // (e^x(x-1)+1)/x^2 = sum_{n>=2} (n-1) x^(n-2) / n!, summed to convergence
                    // (the direct form cancels catastrophically when tau_syn is close to tau_m).
                    double sum = 0;
                    double term = 0.5;
                    for (int n = 2; n < 40; n++) {
                        sum += (n - 1) * term;
                        term *= x / (n + 1);
                    }
                    return amp * Math.exp(-s / TAU_M) * s * s * sum;
                }
                return amp * Math.exp(-s / TAU_M) * (Math.exp(x) * (x - 1) + 1) / (a * a);
        }
    }

    private static StateTrace trace(String model, double tauS, double dt) {
        NeuronModel m = NeuronModels.of(model).with("E_L", 0).with("V_reset", 0).with("V_th", 1e6)
                .with("C_m", C).with("tau_m", TAU_M);
        if (!model.equals("iaf_psc_delta")) {
            m = m.with("tau_syn_ex", tauS).with("tau_syn_in", tauS);
        }
        double w = model.equals("iaf_psc_delta") ? 1.0 : W;
        NetworkSpec spec = Network.builder().dt(dt)
                .population("n", 1, m)
                .stimulus("sg", new Stimulus.SpikeTimes(SPIKE), List.of("n"), w, DELAY)
                .recordState("n", List.of("V_m"), null, dt)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(60.0).state("n", "V_m");
        }
    }

    @ParameterizedTest
    @CsvSource({"iaf_psc_delta, 2.0", "iaf_psc_exp, 2.0", "iaf_psc_exp, 10.0", "iaf_psc_exp, 0.5",
            "iaf_psc_alpha, 2.0", "iaf_psc_alpha, 10.0", "iaf_psc_alpha, 9.99999"})
    void matchesClosedFormAtEveryStep(String model, double tauS) {
        for (double dt : new double[] {0.1, 0.05, 0.01}) {
            StateTrace v = trace(model, tauS, dt);
            double arrival = SPIKE + DELAY;
            for (int i = 0; i < v.samples(); i++) {
                double t = v.time(i);
                double expected = closedForm(model, tauS, t - arrival);
                if (t < arrival - 1e-9) {
                    assertThat(v.value(i, 0)).as("before arrival at %f", t).isEqualTo(0.0);
                } else {
                    double err = Math.abs(v.value(i, 0) - expected);
                    assertThat(err).as("%s dt=%s at t=%f: %s vs %s", model, dt, t, v.value(i, 0), expected)
                            .isLessThanOrEqualTo(1e-9 * Math.abs(expected) + 1e-300);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha"})
    void peakIsIndependentOfResolution(String model) {
        double[] peaks = new double[3];
        double[] dts = {0.1, 0.05, 0.01};
        StateTrace ref = trace(model, 2.0, 0.1);
        for (int k = 0; k < 3; k++) {
            StateTrace v = trace(model, 2.0, dts[k]);
            int stride = (int) Math.round(0.1 / dts[k]);
            double peak = Double.NEGATIVE_INFINITY;
            for (int i = stride - 1; i < v.samples(); i += stride) {
                peak = Math.max(peak, v.value(i, 0));
                int j = (i + 1) / stride - 1;
                assertThat(Math.abs(v.value(i, 0) - ref.value(j, 0)))
                        .isLessThanOrEqualTo(1e-9 * Math.abs(ref.value(j, 0)) + 1e-300);
            }
            peaks[k] = peak;
        }
        assertThat(peaks[0]).isGreaterThan(0);
        assertThat(Math.abs(peaks[1] - peaks[0])).isLessThanOrEqualTo(1e-9 * peaks[0]);
        assertThat(Math.abs(peaks[2] - peaks[0])).isLessThanOrEqualTo(1e-9 * peaks[0]);
    }
}
