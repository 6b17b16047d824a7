package org.leinao.engine.neuron;

import java.util.Map;

/**
 * {@code iaf_psc_delta}: leaky integrate-and-fire neuron whose input spikes make the membrane
 * potential jump by the synaptic weight (mV). Exact integration (Rotter &amp; Diesmann 1999); update
 * order as NEST's {@code iaf_psc_delta}: spikes arriving during the refractory period are discarded.
 */
final class IafPscDeltaBlock extends NeuronBlock {
    private final double p33;
    private final double p30;
    private final double c0;
    private final double vTh;
    private final double vReset;
    private final double vMin;
    private final int refSteps;
    private final double[] v;
    private final int[] refr;

    IafPscDeltaBlock(Map<String, Double> p, int n, double dt) {
        super(n, dt);
        double tauM = p.get("tau_m");
        double cM = p.get("C_m");
        double eL = p.get("E_L");
        p33 = Propagators.decay(dt, tauM);
        p30 = Propagators.constantCurrent(dt, tauM, cM);
        c0 = -Math.expm1(-dt / tauM) * eL + p30 * p.get("I_e");
        vTh = p.get("V_th");
        vReset = p.get("V_reset");
        vMin = p.get("V_min");
        refSteps = steps(p.get("t_ref"), dt);
        v = new double[n];
        java.util.Arrays.fill(v, eL);
        refr = new int[n];
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double p33 = this.p33;
        final double p30 = this.p30;
        final double c0 = this.c0;
        final double vTh = this.vTh;
        final double vMin = this.vMin;
        final double[] v = this.v;
        final int[] refr = this.refr;
        for (int i = 0; i < n; i++) {
            int k = base + i;
            double input = ex[k] + in[k];
            ex[k] = 0;
            in[k] = 0;
            double vi;
            if (refr[i] == 0) {
                double iExt = iStim == null ? 0.0 : iStim[stimBase + i];
                vi = p33 * v[i] + c0 + p30 * iExt + input;
                if (vi < vMin) {
                    vi = vMin;
                }
            } else {
                refr[i]--;
                vi = v[i];
            }
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
        return new String[] {"V_m"};
    }

    @Override
    public double[] state(String name) {
        return "V_m".equals(name) ? v : null;
    }
}
