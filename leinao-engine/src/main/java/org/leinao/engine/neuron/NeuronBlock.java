package org.leinao.engine.neuron;

/**
 * The neurons of one population owned by one thread, stored as structure of arrays. The simulator
 * calls {@link #update} once per step for the whole block: one virtual call per block, never per
 * neuron (STYLE.md §3).
 *
 * <p>Inputs arrive in the thread's ring buffers: {@code ex[base + i]} holds the summed
 * non-negative weights and {@code in[base + i]} the summed negative weights that arrive at neuron
 * {@code i} in this step. A block reads them and sets them back to zero.
 */
public abstract class NeuronBlock {
    /** Number of neurons in this block. */
    protected final int n;
    /** Simulation resolution in ms. */
    protected final double dt;

    /** Creates a block of {@code n} neurons for resolution {@code dt} (ms). */
    protected NeuronBlock(int n, double dt) {
        this.n = n;
        this.dt = dt;
    }

    /** Number of neurons in the block. */
    public final int size() {
        return n;
    }

    /**
     * Advances every neuron of the block by one step, from {@code step·dt} to {@code (step+1)·dt}.
     *
     * @param step the step index
     * @param ex excitatory input ring (consumed and cleared at {@code base..base+n})
     * @param in inhibitory input ring (consumed and cleared at {@code base..base+n})
     * @param base offset of this block's slot in the rings
     * @param iStim external current (pA) per neuron during this step, or {@code null} when none
     * @param stimBase offset of this block in {@code iStim}
     * @param out receives the block-local indices of neurons that spike in this step, in increasing order
     *            (a neuron appears as many times as it spikes; room for {@link #maxSpikes} entries)
     * @param outPos first free position in {@code out}
     * @return the new first free position in {@code out}
     */
    public abstract int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase,
            int[] out, int outPos);

    /**
     * Most spikes {@link #update} can add to {@code out} in this step, given its input: one per
     * neuron for every model but the parrot, which repeats each arriving spike.
     */
    public int maxSpikes(double[] ex, double[] in, int base) {
        return n;
    }

    /** Names of the state variables that can be recorded or initialised. */
    public abstract String[] stateNames();

    /**
     * The array holding state variable {@code name} (one entry per neuron, canonical units), or
     * {@code null} if the model has no such variable. Writing to it sets the state.
     */
    public abstract double[] state(String name);

    /**
     * Moves this step's input of neurons [from, to) out of a ring slot into {@code now}, at the
     * neurons' own indices, and clears the slot.
     *
     * <p>Why: a pass such as {@code i[k] = p · i[k] + ring[base + k]} reads two arrays at different
     * offsets; C2 cannot rule out that they are one array with a loop-carried dependence, so it
     * keeps the loop scalar (measured 0.3–0.5 ns per neuron). After this copy the pass reads
     * {@code now[k]} at the same index as it writes, which C2 compiles to SIMD whatever the arrays;
     * copy, clear and pass together cost about 0.12 ns per neuron.
     */
    protected static void take(double[] ring, int base, double[] now, int from, int to) {
        System.arraycopy(ring, base + from, now, from, to - from);
        java.util.Arrays.fill(ring, base + from, base + to, 0.0);
    }

    /** Converts a duration to a whole number of steps, as NEST does for refractory periods. */
    protected static int steps(double time, double dt) {
        return (int) Math.round(time / dt);
    }
}
