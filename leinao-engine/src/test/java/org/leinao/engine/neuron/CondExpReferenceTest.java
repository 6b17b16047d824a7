package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * {@code iaf_cond_exp} and {@code iaf_cond_alpha} against a reference integration computed here
 * with classical RK4 at a step of 1e-4 ms (global error far below 1e-6 mV), with the same input
 * semantics: conductance jumps at the end of the arrival step. Subthreshold, with excitatory and
 * inhibitory input spikes and a bias current.
 */
class CondExpReferenceTest {
    private static final double DT = 0.1;
    private static final double[] EXC = {2.0, 5.0, 5.3, 11.0, 20.0};
    private static final double[] INH = {8.0, 14.0};
    private static final double WE = 8.0;
    private static final double WI = -20.0;

    private static StateTrace simulate(NeuronModel model) {
        NetworkSpec spec = Network.builder().dt(DT)
                .population("n", 1, model.with("I_e", 150.0))
                .stimulus("e", new Stimulus.SpikeTimes(EXC), List.of("n"), WE, DT)
                .stimulus("i", new Stimulus.SpikeTimes(INH), List.of("n"), WI, DT)
                .recordState("n", List.of("V_m"), null, DT)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(40.0).state("n", "V_m");
        }
    }

    /** Reference trace at every grid point, y = (V, gE, dgE, gI, dgI) with alpha or exp kinetics. */
    private static double[] reference(boolean alpha, double steps) {
        double gL = 16.6667;
        double cm = 250;
        double eL = -70;
        double eEx = 0;
        double eIn = -85;
        double tauE = 0.2;
        double tauI = 2.0;
        double ie = 150;
        int n = (int) steps;
        double[] out = new double[n];
        double[] y = {eL, 0, 0, 0, 0};
        int sub = 1000;
        double h = DT / sub;
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < sub; k++) {
                double[] k1 = f(y, alpha, gL, cm, eL, eEx, eIn, tauE, tauI, ie);
                double[] k2 = f(add(y, k1, h / 2), alpha, gL, cm, eL, eEx, eIn, tauE, tauI, ie);
                double[] k3 = f(add(y, k2, h / 2), alpha, gL, cm, eL, eEx, eIn, tauE, tauI, ie);
                double[] k4 = f(add(y, k3, h), alpha, gL, cm, eL, eEx, eIn, tauE, tauI, ie);
                for (int q = 0; q < 5; q++) {
                    y[q] += h / 6 * (k1[q] + 2 * k2[q] + 2 * k3[q] + k4[q]);
                }
            }
            // A spike at time t (delay dt) arrives in step round(t/dt) and acts at the end of it.
            double tEnd = (s + 1) * DT;
            for (double t : EXC) {
                if (Math.abs(t + DT - tEnd) < 1e-9) {
                    if (alpha) {
                        y[2] += WE * Math.E / tauE;
                    } else {
                        y[1] += WE;
                    }
                }
            }
            for (double t : INH) {
                if (Math.abs(t + DT - tEnd) < 1e-9) {
                    if (alpha) {
                        y[4] += -WI * Math.E / tauI;
                    } else {
                        y[3] += -WI;
                    }
                }
            }
            out[s] = y[0];
        }
        return out;
    }

    private static double[] add(double[] y, double[] k, double h) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] + h * k[i];
        }
        return r;
    }

    private static double[] f(double[] y, boolean alpha, double gL, double cm, double eL, double eEx, double eIn,
            double tauE, double tauI, double ie) {
        double v = y[0];
        double dv = (-gL * (v - eL) - y[1] * (v - eEx) - y[3] * (v - eIn) + ie) / cm;
        if (alpha) {
            return new double[] {dv, y[2] - y[1] / tauE, -y[2] / tauE, y[4] - y[3] / tauI, -y[4] / tauI};
        }
        return new double[] {dv, -y[1] / tauE, 0, -y[3] / tauI, 0};
    }

    @Test
    void condExpMatchesReference() {
        check(NeuronModels.iafCondExp(), false);
    }

    @Test
    void condAlphaMatchesReference() {
        check(NeuronModels.iafCondAlpha(), true);
    }

    private static void check(NeuronModel model, boolean alpha) {
        StateTrace v = simulate(model);
        double[] ref = reference(alpha, v.samples());
        double maxErr = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.samples(); i++) {
            maxErr = Math.max(maxErr, Math.abs(v.value(i, 0) - ref[i]));
            min = Math.min(min, ref[i]);
            max = Math.max(max, ref[i]);
        }
        assertThat(max).as("stays subthreshold").isLessThan(-55);
        assertThat(max - min).as("inputs move the membrane").isGreaterThan(1.0);
        assertThat(maxErr).isLessThan(1e-4);
    }
}
