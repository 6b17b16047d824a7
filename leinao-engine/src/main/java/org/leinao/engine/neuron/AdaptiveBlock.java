package org.leinao.engine.neuron;

/**
 * Base of neuron models whose dynamics are nonlinear or time-varying (conductance-based, AdEx):
 * each neuron is advanced over a step by the embedded Runge–Kutta–Dormand–Prince 5(4) method
 * (Dormand &amp; Prince 1980, J. Comput. Appl. Math. 6:19) with local error control, as NEST does
 * with GSL's adaptive RKF45. The last accepted sub-step size is kept per neuron, so a quiet neuron
 * takes one sub-step per simulation step.
 *
 * <p>State lives in {@code y[k][i]} (variable k of neuron i); subclasses define the right-hand
 * side and what happens after each accepted sub-step (threshold and reset).
 */
abstract class AdaptiveBlock extends NeuronBlock {
    static final double A21 = 1.0 / 5;
    static final double A31 = 3.0 / 40;
    static final double A32 = 9.0 / 40;
    static final double A41 = 44.0 / 45;
    static final double A42 = -56.0 / 15;
    static final double A43 = 32.0 / 9;
    static final double A51 = 19372.0 / 6561;
    static final double A52 = -25360.0 / 2187;
    static final double A53 = 64448.0 / 6561;
    static final double A54 = -212.0 / 729;
    static final double A61 = 9017.0 / 3168;
    static final double A62 = -355.0 / 33;
    static final double A63 = 46732.0 / 5247;
    static final double A64 = 49.0 / 176;
    static final double A65 = -5103.0 / 18656;
    static final double B1 = 35.0 / 384;
    static final double B3 = 500.0 / 1113;
    static final double B4 = 125.0 / 192;
    static final double B5 = -2187.0 / 6784;
    static final double B6 = 11.0 / 84;
    static final double E1 = 71.0 / 57600;
    static final double E3 = -71.0 / 16695;
    static final double E4 = 71.0 / 1920;
    static final double E5 = -17253.0 / 339200;
    static final double E6 = 22.0 / 525;
    static final double E7 = -1.0 / 40;
    private static final double MIN_STEP = 1e-9;
    /** Sub-steps allowed within one simulation step before the state counts as diverged. */
    static final int MAX_SUBSTEPS = 100_000;
    static final double SMALL_ERR = 1.889568e-4;

    /** State variables: y[k][i]. */
    protected final double[][] y;
    /** Last accepted sub-step per neuron (ms). */
    private final double[] hNext;
    private final int m;
    private final double atol;
    private final double rtol;
    private final double[] y0;
    private final double[] yt;
    private final double[] yNew;
    private final double[] k1;
    private final double[] k2;
    private final double[] k3;
    private final double[] k4;
    private final double[] k5;
    private final double[] k6;
    private final double[] k7;

    AdaptiveBlock(int n, double dt, int m, double tolerance) {
        super(n, dt);
        this.m = m;
        this.y = new double[m][n];
        this.hNext = new double[n];
        java.util.Arrays.fill(hNext, dt);
        this.atol = tolerance;
        this.rtol = tolerance;
        y0 = new double[m];
        yt = new double[m];
        yNew = new double[m];
        k1 = new double[m];
        k2 = new double[m];
        k3 = new double[m];
        k4 = new double[m];
        k5 = new double[m];
        k6 = new double[m];
        k7 = new double[m];
    }

    /** Right-hand side dy/dt for neuron i at state ys. */
    abstract void rhs(int i, double[] ys, double[] dy);

    /**
     * Called after each accepted sub-step with the state of neuron i; may reset the state.
     *
     * @return true if the neuron spiked in this sub-step
     */
    abstract boolean afterSubstep(int i, double[] ys);

    /**
     * Advances neuron i over one simulation step, leaving the result in {@code y[*][i]}.
     *
     * @return true if the neuron spiked during the step
     */
    final boolean integrate(int i) {
        final int m = this.m;
        final double[] y0 = this.y0;
        for (int k = 0; k < m; k++) {
            y0[k] = y[k][i];
        }
        boolean spiked = false;
        double t = 0;
        int substeps = 0;
        double h = Math.min(hNext[i], dt);
        rhs(i, y0, k1);
        while (t < dt) {
            if (t + h > dt) {
                h = dt - t;
            }
            // A state gone to NaN or infinity is never accepted: without this count the loop would not end.
            if (++substeps > MAX_SUBSTEPS) {
                throw diverged(i);
            }
            for (int k = 0; k < m; k++) {
                yt[k] = y0[k] + h * A21 * k1[k];
            }
            rhs(i, yt, k2);
            for (int k = 0; k < m; k++) {
                yt[k] = y0[k] + h * (A31 * k1[k] + A32 * k2[k]);
            }
            rhs(i, yt, k3);
            for (int k = 0; k < m; k++) {
                yt[k] = y0[k] + h * (A41 * k1[k] + A42 * k2[k] + A43 * k3[k]);
            }
            rhs(i, yt, k4);
            for (int k = 0; k < m; k++) {
                yt[k] = y0[k] + h * (A51 * k1[k] + A52 * k2[k] + A53 * k3[k] + A54 * k4[k]);
            }
            rhs(i, yt, k5);
            for (int k = 0; k < m; k++) {
                yt[k] = y0[k] + h * (A61 * k1[k] + A62 * k2[k] + A63 * k3[k] + A64 * k4[k] + A65 * k5[k]);
            }
            rhs(i, yt, k6);
            for (int k = 0; k < m; k++) {
                yNew[k] = y0[k] + h * (B1 * k1[k] + B3 * k3[k] + B4 * k4[k] + B5 * k5[k] + B6 * k6[k]);
            }
            rhs(i, yNew, k7);
            double err = 0;
            for (int k = 0; k < m; k++) {
                double e = h * (E1 * k1[k] + E3 * k3[k] + E4 * k4[k] + E5 * k5[k] + E6 * k6[k] + E7 * k7[k]);
                double sc = atol + rtol * Math.max(Math.abs(y0[k]), Math.abs(yNew[k]));
                double r = Math.abs(e) / sc;
                if (r > err || Double.isNaN(r)) {
                    err = Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
                }
            }
            if (err <= 1.0 || (h <= MIN_STEP && err != Double.POSITIVE_INFINITY)) {
                t += h;
                for (int k = 0; k < m; k++) {
                    y0[k] = yNew[k];
                }
                if (afterSubstep(i, y0)) {
                    spiked = true;
                    rhs(i, y0, k1);
                } else {
                    System.arraycopy(k7, 0, k1, 0, m);
                }
                // 0.9·err^(-1/5) ≥ 5 whenever err ≤ (0.9/5)^5: skip the costly pow in the common case.
                    double factor = err <= SMALL_ERR ? 5.0 : Math.min(5.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
                double hn = h * factor;
                if (t < dt) {
                    h = hn;
                } else {
                    hNext[i] = Math.min(hn, dt);
                }
            } else {
                h = Math.max(MIN_STEP, h * Math.max(0.1, 0.9 * Math.pow(err, -0.2)));
            }
        }
        for (int k = 0; k < m; k++) {
            y[k][i] = y0[k];
        }
        return spiked;
    }

    private NumericalInstabilityException diverged(int i) {
        return new NumericalInstabilityException(i, getClass().getSimpleName().replace("Block", "")
                + ": the adaptive integrator needed more than " + MAX_SUBSTEPS
                + " sub-steps in one step (state diverged or NaN); check parameters and weights");
    }
}
