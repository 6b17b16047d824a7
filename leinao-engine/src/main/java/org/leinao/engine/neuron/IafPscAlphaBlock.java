package org.leinao.engine.neuron;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code iaf_psc_alpha}: leaky integrate-and-fire neuron with alpha-shaped synaptic currents
 * I(t) = w·(e/τ_s)·t·e^{−t/τ_s} (peak w at t = τ_s), integrated exactly (Rotter &amp; Diesmann 1999).
 * State per synapse type: the current I and its derivative-like auxiliary dI. Update order as NEST's
 * {@code iaf_psc_alpha}.
 */
final class IafPscAlphaBlock extends NeuronBlock {
    private final double p33;
    private final double p30;
    private final double p31ex;
    private final double p32ex;
    private final double p31in;
    private final double p32in;
    private final double p11ex;
    private final double p21ex;
    private final double p11in;
    private final double p21in;
    private final double psInitEx;
    private final double psInitIn;
    private final double c0;
    private final double vTh;
    private final double vReset;
    private final double vMin;
    private final int refSteps;
    private final double[] v;
    private final double[] iEx;
    private final double[] dIex;
    private final double[] iIn;
    private final double[] dIin;
    private final int[] refr;

    IafPscAlphaBlock(Map<String, Double> p, int n, double dt) {
        super(n, dt);
        double tauM = p.get("tau_m");
        double cM = p.get("C_m");
        double eL = p.get("E_L");
        double tauEx = p.get("tau_syn_ex");
        double tauIn = p.get("tau_syn_in");
        p33 = Propagators.decay(dt, tauM);
        p30 = Propagators.constantCurrent(dt, tauM, cM);
        p31ex = Propagators.alphaCurrent(dt, tauEx, tauM, cM);
        p32ex = Propagators.expCurrent(dt, tauEx, tauM, cM);
        p31in = Propagators.alphaCurrent(dt, tauIn, tauM, cM);
        p32in = Propagators.expCurrent(dt, tauIn, tauM, cM);
        p11ex = Propagators.decay(dt, tauEx);
        p21ex = dt * p11ex;
        p11in = Propagators.decay(dt, tauIn);
        p21in = dt * p11in;
        psInitEx = Math.E / tauEx;
        psInitIn = Math.E / tauIn;
        c0 = -Math.expm1(-dt / tauM) * eL + p30 * p.get("I_e");
        vTh = p.get("V_th");
        vReset = p.get("V_reset");
        vMin = p.get("V_min");
        refSteps = steps(p.get("t_ref"), dt);
        v = new double[n];
        Arrays.fill(v, eL);
        iEx = new double[n];
        dIex = new double[n];
        iIn = new double[n];
        dIin = new double[n];
        refr = new int[n];
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double[] v = this.v;
        final double[] iEx = this.iEx;
        final double[] dIex = this.dIex;
        final double[] iIn = this.iIn;
        final double[] dIin = this.dIin;
        final int[] refr = this.refr;
        for (int i = 0; i < n; i++) {
            int k = base + i;
            double de = dIex[i];
            double ie = iEx[i];
            double di = dIin[i];
            double ii = iIn[i];
            double vi = v[i];
            if (refr[i] == 0) {
                double iExt = iStim == null ? 0.0 : iStim[stimBase + i];
                vi = p33 * vi + c0 + p30 * iExt + p31ex * de + p32ex * ie + p31in * di + p32in * ii;
                if (vi < vMin) {
                    vi = vMin;
                }
            } else {
                refr[i]--;
            }
            iEx[i] = p21ex * de + p11ex * ie;
            dIex[i] = p11ex * de + psInitEx * ex[k];
            iIn[i] = p21in * di + p11in * ii;
            dIin[i] = p11in * di + psInitIn * in[k];
            ex[k] = 0;
            in[k] = 0;
            if (vi >= vTh) {
                refr[i] = refSteps;
                vi = vReset;
                out[outPos++] = i;
            }
            v[i] = vi;
        }
        return outPos;
    }

    @Override
    public String[] stateNames() {
        return new String[] {"V_m", "I_syn_ex", "I_syn_in", "dI_syn_ex", "dI_syn_in"};
    }

    @Override
    public double[] state(String name) {
        return switch (name) {
            case "V_m" -> v;
            case "I_syn_ex" -> iEx;
            case "I_syn_in" -> iIn;
            case "dI_syn_ex" -> dIex;
            case "dI_syn_in" -> dIin;
            default -> null;
        };
    }
}
