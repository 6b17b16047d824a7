package org.leinao.engine.stim;

import org.leinao.engine.random.Philox;
import org.leinao.engine.random.Purpose;
import org.leinao.engine.random.SplitMix;

/**
 * Independent Poisson spike trains into the targets one thread owns (NEST
 * {@code poisson_generator} / {@code inhomogeneous_poisson_generator}). Instead of queueing spikes,
 * the spike count a target receives in step t is drawn in step t itself for emission step
 * t − delay; each target has its own generator state seeded from (seed, stimulus, gid), so the
 * trains do not depend on the thread count. Counts are drawn by inversion of the Poisson
 * distribution function (one uniform per target and step).
 */
public final class PoissonInput {
    private final int[] local;
    private final long[] state;
    /** Scratch: this step's uniform draw per target. */
    private final double[] uniform;
    private final double weight;
    private final int delay;
    /** Emission steps at which the rate changes, ascending; rate {@code lambda[i]} from {@code change[i]}. */
    private final long[] change;
    /** Expected spikes per step (rate·dt) from each change on. */
    private final double[] lambda;

    /**
     * @param stimulus stimulus index (part of the random key)
     * @param seed master seed
     * @param local thread-local indices of the targets
     * @param gids gids of the targets, same order
     * @param weight weight per spike
     * @param delaySteps delay in steps (≥ 1)
     * @param change emission steps at which the rate changes (ascending, first may be 0)
     * @param ratesHz rate from each change on, in Hz
     * @param dt resolution in ms
     */
    public PoissonInput(int stimulus, long seed, int[] local, int[] gids, double weight, int delaySteps, long[] change,
            double[] ratesHz, double dt) {
        this.local = local;
        this.weight = weight;
        this.delay = delaySteps;
        this.change = change;
        this.lambda = new double[ratesHz.length];
        for (int i = 0; i < ratesHz.length; i++) {
            lambda[i] = ratesHz[i] * dt * 1e-3;
        }
        this.state = new long[local.length];
        this.uniform = new double[local.length];
        for (int i = 0; i < local.length; i++) {
            state[i] = Philox.hash64(seed, Purpose.of(Purpose.POISSON, stimulus), gids[i], 0);
        }
    }

    /** log2 of the number of guide-table buckets. */
    private static final int GUIDE_BITS = 10;

    /**
     * Per rate segment, the cumulative Poisson probabilities P(K ≤ k) up to where they reach 1 in
     * double precision, and a guide table (Chen &amp; Asau 1974; Devroye 1986, §III.2.4): entry j
     * is the count for u = j / 2^GUIDE_BITS, so a draw u starts its inversion scan at the guide
     * entry of its bucket and almost always stops there. This is exact inversion (the same count
     * as a scan from 0) with one table look-up and one well-predicted comparison per target.
     */
    private double[][] cdf;
    private int[][] guide;
    private int segment = -1;

    private void tablesFor(int segment) {
        if (cdf == null) {
            cdf = new double[lambda.length][];
            guide = new int[lambda.length][];
        }
        if (cdf[segment] != null) {
            return;
        }
        double lam = lambda[segment];
        int max = (int) Math.ceil(lam + 12 * Math.sqrt(lam) + 40);
        // c[max] = +∞ ends every scan.
        double[] c = new double[max + 1];
        // Terms in log space so that large λ does not underflow e^{-λ}.
        double logP = -lam;
        double sum = 0;
        for (int k = 0; k < max; k++) {
            sum += Math.exp(logP);
            c[k] = sum;
            logP += Math.log(lam) - Math.log(k + 1);
        }
        c[max] = Double.POSITIVE_INFINITY;
        int[] g = new int[1 << GUIDE_BITS];
        int k = 0;
        for (int j = 0; j < g.length; j++) {
            double u = Math.scalb((double) j, -GUIDE_BITS);
            while (u >= c[k]) {
                k++;
            }
            g[j] = k;
        }
        cdf[segment] = c;
        guide[segment] = g;
    }

    /** Index of the rate segment in force at emission step e (-1 before the first); e never decreases. */
    private int segmentAt(long e) {
        while (segment + 1 < change.length && change[segment + 1] <= e) {
            segment++;
        }
        return segment;
    }

    /** Adds the spikes arriving in {@code step} to the ring slot starting at {@code slotBase}. */
    public void apply(int step, double[] ringEx, double[] ringIn, int slotBase) {
        long e = (long) step - delay;
        if (e < 0) {
            return;
        }
        int seg = segmentAt(e);
        if (seg < 0 || lambda[seg] <= 0) {
            return;
        }
        tablesFor(seg);
        final double[] c = cdf[seg];
        final int[] g = guide[seg];
        final double[] ring = weight >= 0 ? ringEx : ringIn;
        final int[] local = this.local;
        final long[] state = this.state;
        final double w = weight;
        final double[] us = this.uniform;
        // Two passes: the generator pass has no table look-ups, so C2 vectorises it (64-bit
        // multiplies and long-to-double conversions); the inversion pass then reads the uniforms.
        for (int i = 0; i < us.length; i++) {
            long s = SplitMix.next(state[i]);
            state[i] = s;
            us[i] = SplitMix.toDouble(SplitMix.mix(s));
        }
        for (int i = 0; i < local.length; i++) {
            double u = us[i];
            // u's bucket: exact, as u · 2^GUIDE_BITS only shifts the exponent.
            int k = g[(int) (u * (1 << GUIDE_BITS))];
            while (u >= c[k]) {
                k++;
            }
            // Unconditional: adding 0.0 leaves the sum unchanged and avoids another branch.
            ring[slotBase + local[i]] += k * w;
        }
    }
}
