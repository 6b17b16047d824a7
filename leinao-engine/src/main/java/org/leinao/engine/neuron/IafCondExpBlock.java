package org.leinao.engine.neuron;

import static org.leinao.engine.neuron.AdaptiveBlock.A21;
import static org.leinao.engine.neuron.AdaptiveBlock.A31;
import static org.leinao.engine.neuron.AdaptiveBlock.A32;
import static org.leinao.engine.neuron.AdaptiveBlock.A41;
import static org.leinao.engine.neuron.AdaptiveBlock.A42;
import static org.leinao.engine.neuron.AdaptiveBlock.A43;
import static org.leinao.engine.neuron.AdaptiveBlock.A51;
import static org.leinao.engine.neuron.AdaptiveBlock.A52;
import static org.leinao.engine.neuron.AdaptiveBlock.A53;
import static org.leinao.engine.neuron.AdaptiveBlock.A54;
import static org.leinao.engine.neuron.AdaptiveBlock.A61;
import static org.leinao.engine.neuron.AdaptiveBlock.A62;
import static org.leinao.engine.neuron.AdaptiveBlock.A63;
import static org.leinao.engine.neuron.AdaptiveBlock.A64;
import static org.leinao.engine.neuron.AdaptiveBlock.A65;
import static org.leinao.engine.neuron.AdaptiveBlock.B1;
import static org.leinao.engine.neuron.AdaptiveBlock.B3;
import static org.leinao.engine.neuron.AdaptiveBlock.B4;
import static org.leinao.engine.neuron.AdaptiveBlock.B5;
import static org.leinao.engine.neuron.AdaptiveBlock.B6;
import static org.leinao.engine.neuron.AdaptiveBlock.E1;
import static org.leinao.engine.neuron.AdaptiveBlock.E3;
import static org.leinao.engine.neuron.AdaptiveBlock.E4;
import static org.leinao.engine.neuron.AdaptiveBlock.E5;
import static org.leinao.engine.neuron.AdaptiveBlock.E6;
import static org.leinao.engine.neuron.AdaptiveBlock.E7;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code iaf_cond_exp}: leaky integrate-and-fire neuron with exponentially decaying synaptic
 * conductances (as NEST's {@code iaf_cond_exp}):
 * C dV/dt = −g_L(V−E_L) − g_ex(V−E_ex) − g_in(V−E_in) + I_e + I_stim, dg/dt = −g/τ_syn.
 * Integrated with adaptive Dormand–Prince 5(4) (same tableau and controller as
 * {@link AdaptiveBlock}), written out for the three state variables in local variables: this model
 * carries the COBA benchmark, and keeping the stages in registers instead of arrays makes it
 * several times faster. During the refractory period V is clamped to V_reset while the
 * conductances keep decaying. Arriving weights (nS) are added to the conductances at the end of
 * the step, as in NEST.
 */
final class IafCondExpBlock extends NeuronBlock {
    private static final double MIN_STEP = 1e-9;
    private static final int MAX_SUBSTEPS = AdaptiveBlock.MAX_SUBSTEPS;
    private static final double SMALL_ERR = AdaptiveBlock.SMALL_ERR;
    private final double gL;
    private final double invC;
    private final double eL;
    private final double eEx;
    private final double eIn;
    private final double rTauEx;
    private final double rTauIn;
    private final double iE;
    private final double vTh;
    private final double vReset;
    private final double tol;
    private final int refSteps;
    private final Refractory refractory;
    /** Steps of refractoriness left per neuron (the adaptive method counts them down itself). */
    private final int[] refr;
    private final double[] v;
    private final double[] gEx;
    private final double[] gIn;
    private final double[] hNext;
    private final int method;
    /**
     * The fixed-step methods' input of this step per neuron, moved out of a ring ({@link #take}):
     * excitatory then inhibitory in the same array, as in {@link IafPscExpBlock}.
     */
    private final double[] now;

    IafCondExpBlock(Map<String, Double> p, int n, double dt) {
        super(n, dt);
        gL = p.get("g_L");
        invC = 1.0 / p.get("C_m");
        eL = p.get("E_L");
        eEx = p.get("E_ex");
        eIn = p.get("E_in");
        rTauEx = 1.0 / p.get("tau_syn_ex");
        rTauIn = 1.0 / p.get("tau_syn_in");
        iE = p.get("I_e");
        vTh = p.get("V_th");
        vReset = p.get("V_reset");
        tol = p.get("gsl_error_tol");
        refSteps = steps(p.get("t_ref"), dt);
        refractory = new Refractory(n);
        refr = refractory.steps;
        v = new double[n];
        Arrays.fill(v, eL);
        gEx = new double[n];
        gIn = new double[n];
        hNext = new double[n];
        Arrays.fill(hNext, dt);
        method = (int) Math.round(p.getOrDefault("method", 0.0));
        now = method == 0 ? null : new double[n];
    }

    /** dV/dt; zero while refractory (V clamped). */
    private double dv(double vv, double ge, double gi, double current, double active) {
        return active * (-gL * (vv - eL) - ge * (vv - eEx) - gi * (vv - eIn) + current) * invC;
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        return switch (method) {
            case 1 -> updateFixedStep(false, ex, in, base, iStim, stimBase, out, outPos);
            case 2 -> updateFixedStep(true, ex, in, base, iStim, stimBase, out, outPos);
            default -> updateAdaptive(ex, in, base, iStim, stimBase, out, outPos);
        };
    }

    /**
     * The fixed-step methods, as Brian2 names them. {@code euler}: forward Euler for every variable
     * (first order), for side-by-side comparisons with Brian2 models that use it (e.g. the COBA
     * benchmark). {@code exponential_euler}: conductances decay exactly; V is advanced exactly for
     * the conductances held at their start-of-step values (first order in the conductances,
     * unconditionally stable).
     */
    private int updateFixedStep(boolean exponential, double[] ex, double[] in, int base, double[] iStim, int stimBase,
            int[] out, int outPos) {
        // As in iaf_psc_exp: branch-free passes over L1-sized blocks (C2 compiles them to SIMD),
        // refractory neurons from a list, then a threshold scan; the arithmetic and its order are
        // those of the one-loop form, so results are bit-identical to it.
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            if (exponential) {
                membraneExponential(from, to, iStim, stimBase);
            } else {
                membraneEuler(from, to, iStim, stimBase);
            }
            conductances(exponential, from, to, ex, in, base);
        }
        refractory.releaseTo(v, vReset);
        return refractory.fire(v, vTh, vReset, refSteps, out, outPos);
    }

    /** Neurons per block of the branch-free passes (their arrays stay in L1 between passes). */
    private static final int BLOCK = 512;

    /** Forward Euler for V of [from, to) (refractory neurons are reset after). */
    private void membraneEuler(int from, int to, double[] iStim, int stimBase) {
        final double hc = dt * invC;
        final double gL = this.gL;
        final double eL = this.eL;
        final double eEx = this.eEx;
        final double eIn = this.eIn;
        final double[] v = this.v;
        final double[] gEx = this.gEx;
        final double[] gIn = this.gIn;
        if (iStim == null) {
            // iE + 0.0, as the one-loop form adds a zero stimulus (it differs from iE for -0.0 only).
            final double current = iE + 0.0;
            for (int i = from; i < to; i++) {
                double vv = v[i];
                v[i] = vv + hc * (-gL * (vv - eL) - gEx[i] * (vv - eEx) - gIn[i] * (vv - eIn) + current);
            }
        } else {
            final double iE = this.iE;
            for (int i = from; i < to; i++) {
                double vv = v[i];
                double current = iE + iStim[stimBase + i];
                v[i] = vv + hc * (-gL * (vv - eL) - gEx[i] * (vv - eEx) - gIn[i] * (vv - eIn) + current);
            }
        }
    }

    /** Exponential Euler for V of [from, to): exact for the conductances held at their start values. */
    private void membraneExponential(int from, int to, double[] iStim, int stimBase) {
        final double hc = dt * invC;
        final double[] v = this.v;
        final double[] gEx = this.gEx;
        final double[] gIn = this.gIn;
        for (int i = from; i < to; i++) {
            double ge = gEx[i];
            double gi = gIn[i];
            double current = iE + (iStim == null ? 0.0 : iStim[stimBase + i]);
            double g = gL + ge + gi;
            double vInf = (gL * eL + ge * eEx + gi * eIn + current) / g;
            v[i] = vInf + (v[i] - vInf) * Math.exp(-hc * g);
        }
    }

    /** Decays the conductances of [from, to), adds this step's input and clears it. */
    private void conductances(boolean exponential, int from, int to, double[] ex, double[] in, int base) {
        final double h = dt;
        final double de = exponential ? Math.exp(-h * rTauEx) : 1.0 - h * rTauEx;
        final double di = exponential ? Math.exp(-h * rTauIn) : 1.0 - h * rTauIn;
        final double[] gEx = this.gEx;
        final double[] gIn = this.gIn;
        final double[] now = this.now;
        take(ex, base, now, from, to);
        for (int i = from; i < to; i++) {
            gEx[i] = gEx[i] * de + now[i];
        }
        take(in, base, now, from, to);
        for (int i = from; i < to; i++) {
            gIn[i] = gIn[i] * di - now[i];
        }
    }

    private int updateAdaptive(double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        final double dt = this.dt;
        final double rte = rTauEx;
        final double rti = rTauIn;
        final double atol = tol;
        for (int i = 0; i < n; i++) {
            double current = iE + (iStim == null ? 0.0 : iStim[stimBase + i]);
            double active = refr[i] > 0 ? 0.0 : 1.0;
            double y0 = v[i];
            double y1 = gEx[i];
            double y2 = gIn[i];
            double t = 0;
            int substeps = 0;
            double h = Math.min(hNext[i], dt);
            double k1v = dv(y0, y1, y2, current, active);
            double k1e = -y1 * rte;
            double k1i = -y2 * rti;
            while (t < dt) {
                if (t + h > dt) {
                    h = dt - t;
                }
                if (++substeps > MAX_SUBSTEPS) {
                    throw diverged(i);
                }
                double sv = y0 + h * A21 * k1v;
                double se = y1 + h * A21 * k1e;
                double si = y2 + h * A21 * k1i;
                double k2v = dv(sv, se, si, current, active);
                double k2e = -se * rte;
                double k2i = -si * rti;
                sv = y0 + h * (A31 * k1v + A32 * k2v);
                se = y1 + h * (A31 * k1e + A32 * k2e);
                si = y2 + h * (A31 * k1i + A32 * k2i);
                double k3v = dv(sv, se, si, current, active);
                double k3e = -se * rte;
                double k3i = -si * rti;
                sv = y0 + h * (A41 * k1v + A42 * k2v + A43 * k3v);
                se = y1 + h * (A41 * k1e + A42 * k2e + A43 * k3e);
                si = y2 + h * (A41 * k1i + A42 * k2i + A43 * k3i);
                double k4v = dv(sv, se, si, current, active);
                double k4e = -se * rte;
                double k4i = -si * rti;
                sv = y0 + h * (A51 * k1v + A52 * k2v + A53 * k3v + A54 * k4v);
                se = y1 + h * (A51 * k1e + A52 * k2e + A53 * k3e + A54 * k4e);
                si = y2 + h * (A51 * k1i + A52 * k2i + A53 * k3i + A54 * k4i);
                double k5v = dv(sv, se, si, current, active);
                double k5e = -se * rte;
                double k5i = -si * rti;
                sv = y0 + h * (A61 * k1v + A62 * k2v + A63 * k3v + A64 * k4v + A65 * k5v);
                se = y1 + h * (A61 * k1e + A62 * k2e + A63 * k3e + A64 * k4e + A65 * k5e);
                si = y2 + h * (A61 * k1i + A62 * k2i + A63 * k3i + A64 * k4i + A65 * k5i);
                double k6v = dv(sv, se, si, current, active);
                double k6e = -se * rte;
                double k6i = -si * rti;
                double nv = y0 + h * (B1 * k1v + B3 * k3v + B4 * k4v + B5 * k5v + B6 * k6v);
                double ne = y1 + h * (B1 * k1e + B3 * k3e + B4 * k4e + B5 * k5e + B6 * k6e);
                double ni = y2 + h * (B1 * k1i + B3 * k3i + B4 * k4i + B5 * k5i + B6 * k6i);
                double k7v = dv(nv, ne, ni, current, active);
                double k7e = -ne * rte;
                double k7i = -ni * rti;
                double errV = Math.abs(h * (E1 * k1v + E3 * k3v + E4 * k4v + E5 * k5v + E6 * k6v + E7 * k7v))
                        / (atol + atol * Math.max(Math.abs(y0), Math.abs(nv)));
                double errE = Math.abs(h * (E1 * k1e + E3 * k3e + E4 * k4e + E5 * k5e + E6 * k6e + E7 * k7e))
                        / (atol + atol * Math.max(Math.abs(y1), Math.abs(ne)));
                double errI = Math.abs(h * (E1 * k1i + E3 * k3i + E4 * k4i + E5 * k5i + E6 * k6i + E7 * k7i))
                        / (atol + atol * Math.max(Math.abs(y2), Math.abs(ni)));
                double err = Math.max(errV, Math.max(errE, errI));
                if (Double.isNaN(err)) {
                    err = Double.POSITIVE_INFINITY;
                }
                if (err <= 1.0 || (h <= MIN_STEP && err != Double.POSITIVE_INFINITY)) {
                    t += h;
                    y0 = nv;
                    y1 = ne;
                    y2 = ni;
                    k1v = k7v;
                    k1e = k7e;
                    k1i = k7i;
                    // 0.9·err^(-1/5) ≥ 5 whenever err ≤ (0.9/5)^5: skip the costly pow in the common case.
                    double factor = err <= SMALL_ERR ? 5.0 : Math.min(5.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
                    h = h * factor;
                } else {
                    h = Math.max(MIN_STEP, h * Math.max(0.1, 0.9 * Math.pow(err, -0.2)));
                }
            }
            hNext[i] = Math.min(h, dt);
            if (refr[i] > 0) {
                refr[i]--;
                y0 = vReset;
            } else if (y0 >= vTh) {
                refr[i] = refSteps;
                y0 = vReset;
                out[outPos++] = i;
            }
            int k = base + i;
            v[i] = y0;
            gEx[i] = y1 + ex[k];
            gIn[i] = y2 - in[k];
            ex[k] = 0;
            in[k] = 0;
        }
        return outPos;
    }

    @Override
    public String[] stateNames() {
        return new String[] {"V_m", "g_ex", "g_in"};
    }

    @Override
    public double[] state(String name) {
        return switch (name) {
            case "V_m" -> v;
            case "g_ex" -> gEx;
            case "g_in" -> gIn;
            default -> null;
        };
    }

    private NumericalInstabilityException diverged(int i) {
        return new NumericalInstabilityException(i, getClass().getSimpleName().replace("Block", "")
                + ": the adaptive integrator needed more than " + MAX_SUBSTEPS
                + " sub-steps in one step (state diverged or NaN); check parameters and weights");
    }
}
