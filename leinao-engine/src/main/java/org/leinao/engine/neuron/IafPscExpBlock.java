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
    private final Refractory refractory;
    /**
     * This step's summed input per neuron, moved out of a ring ({@link #take}): the excitatory then,
     * in the same lines while they are in L1, the inhibitory (one array, not two: 8 bytes less per
     * neuron streamed through the caches every step).
     */
    private final double[] now;

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
        refractory = new Refractory(n);
        now = new double[n];
    }

    /** Neurons per block of the branch-free passes: 512 × 6 arrays × 8 bytes stay in L1. */
    private static final int CHUNK = 512;

    /*
     * Why passes instead of one loop with branches: the membrane and current passes have no
     * branch, so C2 compiles them to SIMD instructions, and they run block by block so that the
     * second pass reads what the first left in L1. Refractory neurons are few: they are kept in a
     * list and their clamped membrane is put back after the passes; the threshold scan is a
     * well-predicted compare. Same arithmetic in the same order as the one-loop form (NEST's
     * update order, see the class comment), so every result is bit-identical to it.
     */
    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        refractory.hold(v);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            membrane(from, to, iStim, stimBase);
            currents(from, to, ex, in, base);
        }
        refractory.release(v);
        return refractory.fire(v, vTh, vReset, refSteps, out, outPos);
    }

    /** Advances the membranes of [from, to) with the currents of the previous step. */
    private void membrane(int from, int to, double[] iStim, int stimBase) {
        final double p22 = this.p22;
        final double c0 = this.c0;
        final double p21ex = this.p21ex;
        final double p21in = this.p21in;
        final double vMin = this.vMin;
        final double[] v = this.v;
        final double[] iEx = this.iEx;
        final double[] iIn = this.iIn;
        if (iStim == null) {
            for (int i = from; i < to; i++) {
                v[i] = Math.max(p22 * v[i] + c0 + p21ex * iEx[i] + p21in * iIn[i], vMin);
            }
        } else {
            final double p20 = this.p20;
            for (int i = from; i < to; i++) {
                v[i] = Math.max(p22 * v[i] + c0 + p20 * iStim[stimBase + i] + p21ex * iEx[i] + p21in * iIn[i], vMin);
            }
        }
    }

    /** Decays the currents of [from, to), adds this step's input and clears it. */
    private void currents(int from, int to, double[] ex, double[] in, int base) {
        final double p11ex = this.p11ex;
        final double p11in = this.p11in;
        final double[] iEx = this.iEx;
        final double[] iIn = this.iIn;
        final double[] now = this.now;
        take(ex, base, now, from, to);
        for (int i = from; i < to; i++) {
            iEx[i] = p11ex * iEx[i] + now[i];
        }
        take(in, base, now, from, to);
        for (int i = from; i < to; i++) {
            iIn[i] = p11in * iIn[i] + now[i];
        }
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
