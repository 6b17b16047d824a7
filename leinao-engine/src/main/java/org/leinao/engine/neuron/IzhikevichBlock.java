package org.leinao.engine.neuron;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code izhikevich}: the simple model of Izhikevich 2003 (IEEE Trans. Neural Netw. 14:1569):
 * dv/dt = 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u); if v ≥ V_th: v ← c, u ← u + d.
 * Input spikes make v jump by the weight (mV). Integration as NEST's {@code izhikevich}: forward
 * Euler with step dt when {@code consistent_integration} is 1 (default), else the two half-steps
 * for v of the original paper's code.
 */
final class IzhikevichBlock extends NeuronBlock {
    private final double a;
    private final double b;
    private final double c;
    private final double d;
    private final double vTh;
    private final double vMin;
    private final double iE;
    private final boolean consistent;
    private final double[] v;
    private final double[] u;

    IzhikevichBlock(Map<String, Double> p, int n, double dt) {
        super(n, dt);
        a = p.get("a");
        b = p.get("b");
        c = p.get("c");
        d = p.get("d");
        vTh = p.get("V_th");
        vMin = p.get("V_min");
        iE = p.get("I_e");
        consistent = p.get("consistent_integration") != 0;
        v = new double[n];
        u = new double[n];
        // NEST's izhikevich starts at V_m = -65 mV, U_m = 0 (set U_m = b·V_m in init for the rest state).
        Arrays.fill(v, -65.0);
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double h = dt;
        for (int i = 0; i < n; i++) {
            int k = base + i;
            double input = ex[k] + in[k];
            ex[k] = 0;
            in[k] = 0;
            double current = iE + (iStim == null ? 0.0 : iStim[stimBase + i]);
            double vOld = v[i];
            double uOld = u[i];
            double vi;
            double ui;
            if (consistent) {
                vi = vOld + h * (0.04 * vOld * vOld + 5.0 * vOld + 140.0 - uOld + current) + input;
                ui = uOld + h * a * (b * vOld - uOld);
            } else {
                double hh = 0.5 * h;
                vi = vOld + hh * (0.04 * vOld * vOld + 5.0 * vOld + 140.0 - uOld + current);
                vi = vi + hh * (0.04 * vi * vi + 5.0 * vi + 140.0 - uOld + current) + input;
                ui = uOld + h * a * (b * vi - uOld);
            }
            if (vi < vMin) {
                vi = vMin;
            }
            if (vi >= vTh) {
                vi = c;
                ui += d;
                out[outPos++] = i;
            }
            v[i] = vi;
            u[i] = ui;
        }
        return outPos;
    }

    @Override
    public String[] stateNames() {
        return new String[] {"V_m", "U_m"};
    }

    @Override
    public double[] state(String name) {
        return switch (name) {
            case "V_m" -> v;
            case "U_m" -> u;
            default -> null;
        };
    }
}
