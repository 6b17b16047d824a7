package org.leinao.engine.stim;

import org.leinao.engine.random.Philox;
import org.leinao.engine.random.Purpose;
import org.leinao.engine.random.SplitMix;

/**
 * Independent Poisson spike trains into the targets one thread owns (NEST
 * {@code poisson_generator} / {@code inhomogeneous_poisson_generator}). Instead of queueing spikes,
 * the spike count a target receives in step t is drawn in step t itself for emission step
 * t − delay; each target has its own generator state seeded from (seed, stimulus, gid), so the
 * trains do not depend on the thread count.
 */
public final class PoissonInput {
    private final int[] local;
    private final long[] state;
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
        for (int i = 0; i < local.length; i++) {
            state[i] = Philox.hash64(seed, Purpose.of(Purpose.POISSON, stimulus), gids[i], 0);
        }
    }

    /** Expected count per step for emission step e. */
    private double lambdaAt(long e) {
        double l = 0;
        for (int i = 0; i < change.length && change[i] <= e; i++) {
            l = lambda[i];
        }
        return l;
    }

    /** Adds the spikes arriving in {@code step} to the ring slot starting at {@code slotBase}. */
    public void apply(int step, double[] ringEx, double[] ringIn, int slotBase) {
        long e = (long) step - delay;
        if (e < 0) {
            return;
        }
        double lam = lambdaAt(e);
        if (lam <= 0) {
            return;
        }
        double[] ring = weight >= 0 ? ringEx : ringIn;
        final int[] local = this.local;
        final long[] state = this.state;
        final double w = weight;
        if (lam <= 30) {
            final double limit = Math.exp(-lam);
            for (int i = 0; i < local.length; i++) {
                long s = state[i];
                // Knuth's multiplication method: count uniforms until their product drops below e^-λ.
                int count = -1;
                double prod = 1.0;
                do {
                    s = SplitMix.next(s);
                    prod *= SplitMix.toDouble(SplitMix.mix(s));
                    count++;
                } while (prod > limit);
                state[i] = s;
                if (count > 0) {
                    ring[slotBase + local[i]] += count * w;
                }
            }
        } else {
            int parts = (int) Math.ceil(lam / 30);
            double lp = lam / parts;
            double limit = Math.exp(-lp);
            for (int i = 0; i < local.length; i++) {
                long s = state[i];
                int total = 0;
                for (int q = 0; q < parts; q++) {
                    int count = -1;
                    double prod = 1.0;
                    do {
                        s = SplitMix.next(s);
                        prod *= SplitMix.toDouble(SplitMix.mix(s));
                        count++;
                    } while (prod > limit);
                    total += count;
                }
                state[i] = s;
                if (total > 0) {
                    ring[slotBase + local[i]] += total * w;
                }
            }
        }
    }
}
