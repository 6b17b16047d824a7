package org.leinao.engine.neuron;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code iaf_psc_exp}: leaky integrate-and-fire neuron with exponentially decaying synaptic
 * currents (pA), integrated exactly (Rotter &amp; Diesmann 1999). Update order as NEST's
 * {@code iaf_psc_exp}: the membrane is advanced with the currents of the previous step, then
 * the arriving weights are added to the currents, so a spike arriving in step s moves the current
 * at the end of step s and the membrane from step s+1 on.
 */
final class IafPscExpBlock extends NeuronBlock {
    private final double p22;
    private final double p20;
    private final double p21ex;
    private final double p21in;
    private final double p11ex;
    private final double p11in;
    private final double c0;
    private final double vTh;
    private final double vReset;
    private final double vMin;
    private final int refSteps;
    private final double[] v;
    private final double[] iEx;
    private final double[] iIn;
    private final int[] refr;

    IafPscExpBlock(Map<String, Double> p, int n, double dt) {
        super(n, dt);
        double tauM = p.get("tau_m");
        double cM = p.get("C_m");
        double eL = p.get("E_L");
        p22 = Propagators.decay(dt, tauM);
        p20 = Propagators.constantCurrent(dt, tauM, cM);
        p21ex = Propagators.expCurrent(dt, p.get("tau_syn_ex"), tauM, cM);
        p21in = Propagators.expCurrent(dt, p.get("tau_syn_in"), tauM, cM);
        p11ex = Propagators.decay(dt, p.get("tau_syn_ex"));
        p11in = Propagators.decay(dt, p.get("tau_syn_in"));
        c0 = -Math.expm1(-dt / tauM) * eL + p20 * p.get("I_e");
        vTh = p.get("V_th");
        vReset = p.get("V_reset");
        vMin = p.get("V_min");
        refSteps = steps(p.get("t_ref"), dt);
        v = new double[n];
        Arrays.fill(v, eL);
        iEx = new double[n];
        iIn = new double[n];
        refr = new int[n];
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double p22 = this.p22;
        final double p20 = this.p20;
        final double p21ex = this.p21ex;
        final double p21in = this.p21in;
        final double p11ex = this.p11ex;
        final double p11in = this.p11in;
        final double c0 = this.c0;
        final double vTh = this.vTh;
        final double vMin = this.vMin;
        final double[] v = this.v;
        final double[] iEx = this.iEx;
        final double[] iIn = this.iIn;
        final int[] refr = this.refr;
        for (int i = 0; i < n; i++) {
            int k = base + i;
            double ie = iEx[i];
            double ii = iIn[i];
            double vi = v[i];
            if (refr[i] == 0) {
                double iExt = iStim == null ? 0.0 : iStim[stimBase + i];
                vi = p22 * vi + c0 + p20 * iExt + p21ex * ie + p21in * ii;
                if (vi < vMin) {
                    vi = vMin;
                }
            } else {
                refr[i]--;
            }
            iEx[i] = p11ex * ie + ex[k];
            iIn[i] = p11in * ii + in[k];
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
        return new String[] {"V_m", "I_syn_ex", "I_syn_in"};
    }

    @Override
    public double[] state(String name) {
        return switch (name) {
            case "V_m" -> v;
            case "I_syn_ex" -> iEx;
            case "I_syn_in" -> iIn;
            default -> null;
        };
    }
}
