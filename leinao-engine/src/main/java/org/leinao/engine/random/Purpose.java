package org.leinao.engine.random;

/**
 * What a random number is for. Combined with an index (projection, population, stimulus) it forms
 * the purpose word of a {@link RandomStream}; the stream id is then a neuron gid or synapse index,
 * never a thread number (ARCHITECTURE.md §5).
 */
public final class Purpose {
    /** Connection draws of projection i, keyed by target (or source) gid. */
    public static final int CONNECT = 1 << 24;
    /** Weight draws of projection i. */
    public static final int WEIGHT = 2 << 24;
    /** Delay draws of projection i. */
    public static final int DELAY = 3 << 24;
    /** Initial state of population i, variable j. */
    public static final int INIT = 4 << 24;
    /** Poisson spike trains of stimulus i, keyed by target gid. */
    public static final int POISSON = 5 << 24;
    /** Noise current of stimulus i, keyed by target gid. */
    public static final int NOISE = 6 << 24;
    /** Global (not per-neuron) draws of projection i, e.g. the split of fixed_total_number. */
    public static final int CONNECT_GLOBAL = 7 << 24;

    private Purpose() {
    }

    /** The purpose word for {@code kind} and index i (i &lt; 2^24). */
    public static int of(int kind, int index) {
        return kind | (index & 0xFFFFFF);
    }
}
