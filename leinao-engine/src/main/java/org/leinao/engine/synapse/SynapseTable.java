package org.leinao.engine.synapse;

/**
 * The static synapses whose targets one thread owns, in compressed sparse rows keyed by source gid
 * (ARCHITECTURE.md §3): {@code rowStart[g] .. rowStart[g+1]} index the synapses of source g, each
 * with a thread-local target index ({@code int}), a weight ({@code float}) and a delay in steps
 * ({@code short}): 10 bytes per synapse. Within a row, synapses keep creation order, so the
 * contributions to any one target are summed in an order that does not depend on the partition.
 */
public final class SynapseTable {
    final int[] rowStart;
    final int[] target;
    final float[] weight;
    final short[] delay;

    SynapseTable(int[] rowStart, int[] target, float[] weight, short[] delay) {
        this.rowStart = rowStart;
        this.target = target;
        this.weight = weight;
        this.delay = delay;
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
        return 4L * rowStart.length + 10L * target.length;
    }

    /**
     * Adds the weights of every synapse of source {@code gid} into the ring buffers: slot
     * {@code ((step + delay) & mask) * stride + target}, excitatory (w ≥ 0) or inhibitory (w &lt; 0).
     */
    public void deliver(int gid, int step, int mask, int stride, double[] ringEx, double[] ringIn) {
        final int[] target = this.target;
        final float[] weight = this.weight;
        final short[] delay = this.delay;
        final int end = rowStart[gid + 1];
        for (int k = rowStart[gid]; k < end; k++) {
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
