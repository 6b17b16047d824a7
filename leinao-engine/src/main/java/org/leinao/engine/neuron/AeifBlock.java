package org.leinao.engine.neuron;

import java.util.Arrays;
import java.util.Map;

/**
 * Adaptive exponential integrate-and-fire neuron (AdEx; Brette &amp; Gerstner 2005, J. Neurophysiol.
 * 94:3637), in NEST's two synapse variants: {@code aeif_cond_exp} (exponential conductances, nS)
 * and {@code aeif_psc_exp} (exponential currents, pA):
 * C dV/dt = −g_L(V−E_L) + g_L Δ_T e^{(V−V_th)/Δ_T} − I_syn − w + I_e + I_stim,
 * τ_w dw/dt = a(V−E_L) − w. When V reaches V_peak: V ← V_reset, w ← w + b, refractory for t_ref.
 * Adaptive Dormand–Prince 5(4); the spike condition is checked after every accepted sub-step, and
 * V is capped at V_peak inside the exponential, as in NEST.
 */
final class AeifBlock extends AdaptiveBlock {
    private static final int V = 0;
    private static final int S_EX = 1;
    private static final int S_IN = 2;
    private static final int W = 3;
    private final boolean conductance;
    private final double gL;
    private final double cM;
    private final double eL;
    private final double eEx;
    private final double eIn;
    private final double tauEx;
    private final double tauIn;
    private final double deltaT;
    private final double vTh;
    private final double vPeak;
    private final double vReset;
    private final double a;
    private final double b;
    private final double tauW;
    private final double iE;
    private final int refSteps;
    private final int[] refr;
    private double iNow;

    AeifBlock(Map<String, Double> p, int n, double dt, boolean conductance) {
        super(n, dt, 4, p.get("gsl_error_tol"));
        this.conductance = conductance;
        gL = p.get("g_L");
        cM = p.get("C_m");
        eL = p.get("E_L");
        eEx = conductance ? p.get("E_ex") : 0;
        eIn = conductance ? p.get("E_in") : 0;
        tauEx = p.get("tau_syn_ex");
        tauIn = p.get("tau_syn_in");
        deltaT = p.get("Delta_T");
        vTh = p.get("V_th");
        vPeak = deltaT > 0 ? p.get("V_peak") : vTh;
        vReset = p.get("V_reset");
        a = p.get("a");
        b = p.get("b");
        tauW = p.get("tau_w");
        iE = p.get("I_e");
        refSteps = steps(p.get("t_ref"), dt);
        refr = new int[n];
        Arrays.fill(y[V], eL);
    }

    @Override
    void rhs(int i, double[] s, double[] d) {
        boolean refractory = refr[i] > 0;
        double v = refractory ? vReset : Math.min(s[V], vPeak);
        double sEx = s[S_EX];
        double sIn = s[S_IN];
        double w = s[W];
        // Both kinds keep the inhibitory variable positive, as NEST's aeif_cond_* (g_in) and
        // aeif_psc_exp (I_syn_in, entering dV/dt as -I_syn_in; aeif_psc_exp.cpp) do.
        double iSyn = conductance ? sEx * (v - eEx) + sIn * (v - eIn) : -(sEx - sIn);
        double iSpike = deltaT > 0 ? gL * deltaT * Math.exp((v - vTh) / deltaT) : 0;
        d[V] = refractory ? 0 : (-gL * (v - eL) + iSpike - iSyn - w + iNow) / cM;
        d[S_EX] = -sEx / tauEx;
        d[S_IN] = -sIn / tauIn;
        d[W] = (a * (v - eL) - w) / tauW;
    }

    @Override
    boolean afterSubstep(int i, double[] s) {
        if (refr[i] > 0) {
            s[V] = vReset;
            return false;
        }
        if (s[V] >= vPeak) {
            s[V] = vReset;
            s[W] += b;
            // +1 because the counter is decremented at the end of this step (as in NEST).
            refr[i] = refSteps > 0 ? refSteps + 1 : 0;
            return true;
        }
        return false;
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double[] sEx = y[S_EX];
        final double[] sIn = y[S_IN];
        for (int i = 0; i < n; i++) {
            iNow = iE + (iStim == null ? 0.0 : iStim[stimBase + i]);
            if (integrate(i)) {
                out[outPos++] = i;
            }
            if (refr[i] > 0) {
                refr[i]--;
            }
            int k = base + i;
            sEx[i] += ex[k];
            sIn[i] -= in[k];
            ex[k] = 0;
            in[k] = 0;
            if (!Double.isFinite(y[V][i]) || y[V][i] < -1e3) {
                throw new NumericalInstabilityException(i, "AdEx membrane diverged at step " + step
                        + " (V = " + y[V][i] + " mV); check parameters or reduce the resolution");
            }
        }
        return outPos;
    }

    @Override
    public String[] stateNames() {
        return conductance ? new String[] {"V_m", "g_ex", "g_in", "w"}
                : new String[] {"V_m", "I_syn_ex", "I_syn_in", "w"};
    }

    @Override
    public double[] state(String name) {
        return switch (name) {
            case "V_m" -> y[V];
            case "w" -> y[W];
            case "g_ex" -> conductance ? y[S_EX] : null;
            case "g_in" -> conductance ? y[S_IN] : null;
            case "I_syn_ex" -> conductance ? null : y[S_EX];
            case "I_syn_in" -> conductance ? null : y[S_IN];
            default -> null;
        };
    }
}
