package org.leinao.engine.synapse;

/**
 * The static synapses whose targets one thread owns, in compressed sparse rows keyed by source gid
 * (ARCHITECTURE.md §3): {@code rowStart[g] .. rowStart[g+1]} index the synapses of source g, each
 * with a thread-local target index ({@code int}), a weight ({@code float}) and a delay in steps
 * ({@code short}): 10 bytes per synapse.
 *
 * <p>When the ring buffers of the thread are larger than a core's cache, each row is further cut
 * into {@link #blocks()} segments by target block (targets {@code b << blockShift} up to the
 * next block), and within a segment ordered by delay. Delivering block by block keeps the ring
 * cells being written in cache (see {@code Worker.deliver}). Either way the synapses onto one
 * target with one delay keep their creation order, so every sum is taken in an order that does
 * not depend on the partition or the blocking.
 */
public final class SynapseTable {
    final int[] rowStart;
    final int[] target;
    final float[] weight;
    final short[] delay;
    /** log2 of the targets per block; 31 when the table has one block. */
    int blockShift = 31;
    int blocks = 1;
    /** segStart[g * blocks + b]: first synapse of row g onto block b; null when blocks == 1. */
    int[] segStart;

    SynapseTable(int[] rowStart, int[] target, float[] weight, short[] delay) {
        this.rowStart = rowStart;
        this.target = target;
        this.weight = weight;
        this.delay = delay;
    }

    /** Number of target blocks each row is cut into (1 = rows are not cut). */
    public int blocks() {
        return blocks;
    }

    /** Number of synapses. */
    public int size() {
        return target.length;
    }

    /** First synapse index of source gid g. */
    public int rowStart(int g) {
        return rowStart[g];
    }

    /** End (exclusive) synapse index of source gid g. */
    public int rowEnd(int g) {
        return rowStart[g + 1];
    }

    /** Thread-local target index of synapse k. */
    public int target(int k) {
        return target[k];
    }

    /** Weight of synapse k. */
    public float weight(int k) {
        return weight[k];
    }

    /** Delay of synapse k in steps. */
    public int delaySteps(int k) {
        return delay[k];
    }

    /** Smallest delay in steps, or Integer.MAX_VALUE when empty. */
    public int minDelay() {
        int m = Integer.MAX_VALUE;
        for (short d : delay) {
            m = Math.min(m, d);
        }
        return m;
    }

    /** Largest delay in steps, or 0 when empty. */
    public int maxDelay() {
        int m = 0;
        for (short d : delay) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** Heap bytes held by the arrays. */
    public long bytes() {
        return 4L * rowStart.length + 10L * target.length + (segStart == null ? 0 : 4L * segStart.length);
    }

    /**
     * Adds the weights of every synapse of source {@code gid} into the ring buffers: slot
     * {@code ((step + delay) & mask) * stride + target}, excitatory (w ≥ 0) or inhibitory (w &lt; 0).
     */
    public void deliver(int gid, int step, int mask, int stride, double[] ringEx, double[] ringIn) {
        span(rowStart[gid], rowStart[gid + 1], step, mask, stride, ringEx, ringIn);
    }

    /**
     * As {@link #deliver} for the synapses of source {@code gid} onto target block {@code b} only.
     * Requires {@code blocks() > 1}.
     */
    public void deliverBlock(int gid, int b, int step, int mask, int stride, double[] ringEx, double[] ringIn) {
        int i = gid * blocks + b;
        span(segStart[i], segStart[i + 1], step, mask, stride, ringEx, ringIn);
    }

    private void span(int from, int end, int step, int mask, int stride, double[] ringEx, double[] ringIn) {
        final int[] target = this.target;
        final float[] weight = this.weight;
        final short[] delay = this.delay;
        for (int k = from; k < end; k++) {
            int slot = ((step + delay[k]) & mask) * stride + target[k]; // < ring length, checked in prepare
            float w = weight[k];
            if (w >= 0) {
                ringEx[slot] += w;
            } else {
                ringIn[slot] += w;
            }
        }
    }
}
