package org.leinao.engine.neuron;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code iaf_cond_alpha}: leaky integrate-and-fire neuron with alpha-shaped synaptic conductances
 * (Kuhn, Aertsen &amp; Rotter 2004 as in NEST): a weight w (nS) produces g(t) = w·(t/τ)·e^{1−t/τ},
 * peaking at w after τ. Integrated with adaptive Dormand–Prince 5(4); V clamped to V_reset while
 * refractory.
 */
final class IafCondAlphaBlock extends AdaptiveBlock {
    private static final int V = 0;
    private static final int DGE = 1;
    private static final int GE = 2;
    private static final int DGI = 3;
    private static final int GI = 4;
    private final double gL;
    private final double cM;
    private final double eL;
    private final double eEx;
    private final double eIn;
    private final double tauEx;
    private final double tauIn;
    private final double initEx;
    private final double initIn;
    private final double iE;
    private final double vTh;
    private final double vReset;
    private final int refSteps;
    private final int[] refr;
    private double iNow;

    IafCondAlphaBlock(Map<String, Double> p, int n, double dt) {
        super(n, dt, 5, p.get("gsl_error_tol"));
        gL = p.get("g_L");
        cM = p.get("C_m");
        eL = p.get("E_L");
        eEx = p.get("E_ex");
        eIn = p.get("E_in");
        tauEx = p.get("tau_syn_ex");
        tauIn = p.get("tau_syn_in");
        initEx = Math.E / tauEx;
        initIn = Math.E / tauIn;
        iE = p.get("I_e");
        vTh = p.get("V_th");
        vReset = p.get("V_reset");
        refSteps = steps(p.get("t_ref"), dt);
        refr = new int[n];
        Arrays.fill(y[V], eL);
    }

    @Override
    void rhs(int i, double[] s, double[] d) {
        double ge = s[GE];
        double gi = s[GI];
        if (refr[i] > 0) {
            d[V] = 0;
        } else {
            double v = s[V];
            d[V] = (-gL * (v - eL) - ge * (v - eEx) - gi * (v - eIn) + iNow) / cM;
        }
        d[DGE] = -s[DGE] / tauEx;
        d[GE] = s[DGE] - ge / tauEx;
        d[DGI] = -s[DGI] / tauIn;
        d[GI] = s[DGI] - gi / tauIn;
    }

    @Override
    boolean afterSubstep(int i, double[] s) {
        return false;
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double[] vv = y[V];
        final double[] dge = y[DGE];
        final double[] dgi = y[DGI];
        for (int i = 0; i < n; i++) {
            iNow = iE + (iStim == null ? 0.0 : iStim[stimBase + i]);
            integrate(i);
            if (refr[i] > 0) {
                refr[i]--;
                vv[i] = vReset;
            } else if (vv[i] >= vTh) {
                refr[i] = refSteps;
                vv[i] = vReset;
                out[outPos++] = i;
            }
            int k = base + i;
            dge[i] += initEx * ex[k];
            dgi[i] -= initIn * in[k];
            ex[k] = 0;
            in[k] = 0;
        }
        return outPos;
    }

    @Override
    public String[] stateNames() {
        return new String[] {"V_m", "g_ex", "g_in", "dg_ex", "dg_in"};
    }

    @Override
    public double[] state(String name) {
        return switch (name) {
            case "V_m" -> y[V];
            case "g_ex" -> y[GE];
            case "g_in" -> y[GI];
            case "dg_ex" -> y[DGE];
            case "dg_in" -> y[DGI];
            default -> null;
        };
    }
}
