package org.leinao.engine.random;

/**
 * SplitMix64 step function (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014). Used for per-neuron sequential streams (Poisson input, noise current)
 * whose state lives in a {@code long[]} owned by the neuron's thread and is seeded from
 * {@link Philox#hash64}, so the numbers depend on the neuron, never on the thread.
 */
public final class SplitMix {
    private SplitMix() {
    }

    /** Advances a state word. */
    public static long next(long state) {
        return state + 0x9E3779B97F4A7C15L;
    }

    /** Output function for a state word. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The 53 bits of a mixed word that make its uniform: {@link #toDouble} is this · 2^-53, exactly. */
    public static long bits53(long mixed) {
        return mixed >>> 11;
    }

    /** Uniform double in [0, 1) from a mixed word. */
    public static double toDouble(long mixed) {
        return bits53(mixed) * 0x1.0p-53;
    }
}
