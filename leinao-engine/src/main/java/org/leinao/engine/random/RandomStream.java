package org.leinao.engine.random;

/**
 * A sequence of random numbers identified by (seed, purpose, id): for example the connection draws
 * of projection 3 for target neuron 1207. The sequence does not depend on which thread reads it.
 * Instances are mutable cursors meant to be reused with {@link #reset(int, long)} so that hot loops
 * do not allocate.
 */
public final class RandomStream {
    private final int key0;
    private final int key1;
    private final int[] block = new int[4];
    private int purpose;
    private long id;
    private long counter;
    private int used = 4;
    private double spareNormal;
    private boolean hasSpare;

    /** Creates a stream for the given seed positioned at (purpose 0, id 0). */
    public RandomStream(long seed) {
        this.key0 = (int) seed;
        this.key1 = (int) (seed >>> 32);
    }

    /** Creates a stream for (seed, purpose, id). */
    public RandomStream(long seed, int purpose, long id) {
        this(seed);
        reset(purpose, id);
    }

    /** Moves this cursor to the start of the sequence (purpose, id). */
    public RandomStream reset(int purpose, long id) {
        this.purpose = purpose;
        this.id = id;
        this.counter = 0;
        this.used = 4;
        this.hasSpare = false;
        return this;
    }

    /** Next uniformly distributed 32-bit integer. */
    public int nextInt() {
        if (used == 4) {
            Philox.block(key0, key1, (int) counter, (int) (counter >>> 32), (int) id,
                    purpose ^ (int) (id >>> 32) * 0x61C88647, block);
            counter++;
            used = 0;
        }
        return block[used++];
    }

    /** Next uniformly distributed 64-bit integer. */
    public long nextLong() {
        return ((long) nextInt() << 32) ^ (nextInt() & 0xFFFFFFFFL);
    }

    /** Uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform double in (0, 1], safe for logarithms. */
    public double nextDoubleNonZero() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        long m = (nextInt() & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextInt() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal deviate (Marsaglia polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(s) / s);
        spareNormal = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Exponential deviate with mean 1. */
    public double nextExponential() {
        return -Math.log(nextDoubleNonZero());
    }

    /**
     * Binomial deviate B(n, p). Uses inversion for small means and a normal-free rejection-free
     * sum of geometric skips otherwise, both exact.
     */
    public long nextBinomial(long n, double p) {
        if (p <= 0 || n == 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        // Count successes by geometric skipping: exact and O(n p) draws.
        double logq = Math.log1p(-p);
        long count = 0;
        long pos = -1;
        while (true) {
            pos += 1 + (long) Math.floor(Math.log(nextDoubleNonZero()) / logq);
            if (pos >= n) {
                return count;
            }
            count++;
        }
    }
}
