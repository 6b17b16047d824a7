package org.leinao.engine.synapse;

/**
 * The static synapses whose targets one thread owns, in compressed sparse rows keyed by source gid
 * (ARCHITECTURE.md §3): {@code rowStart[g] .. rowStart[g+1]} index the synapses of source g, each
 * with a thread-local target index and a weight ({@code float}). Target indices are {@code char}
 * (unsigned 16 bits) when the thread owns at most 65,536 neurons, {@code int} otherwise: at the
 * scale of the cortical microcircuit on two threads that is 6 bytes per synapse instead of 8, and
 * a quarter less memory traffic in delivery, which is bound by it.
 *
 * <p>Each row is ordered by delay (stably, so the synapses onto one target with one delay keep
 * their creation order and every sum is taken in an order that does not depend on the
 * partition). Delays are then stored once per run of equal delays, a <em>delay group</em>
 * ({@code short} delay + {@code int} end, 6 bytes), instead of once per synapse (2 bytes), when
 * that is smaller: typically 8 bytes per synapse instead of 10. Tables whose rows have about as many
 * delays as synapses keep the per-synapse {@code short} delays. {@link SpikeQueue} delivers a
 * spike's synapses one delay group at a time, as they arrive. Each row is also marked as adding
 * only into the excitatory input, only into the inhibitory one, or both (one byte per source).
 */
public final class SynapseTable {
    final int[] rowStart;
    /** Target indices when wide, else null. */
    final int[] target;
    /** Target indices when narrow (at most 65,536 local neurons), else null. */
    final char[] narrowTarget;
    final float[] weight;
    /** Per-synapse delays in steps, or null when the table is grouped. */
    short[] delay;
    /** Grouped form: groups {@code rowGroup[g] .. rowGroup[g+1]} of row g; null when per-synapse. */
    int[] rowGroup;
    /** Grouped form: end (exclusive synapse index) of each group; it starts where the previous ends. */
    int[] groupEnd;
    /** Grouped form: delay in steps of each group. */
    short[] groupDelay;
    /**
     * Per row: {@link #EXCITATORY} when every weight is ≥ 0, {@link #INHIBITORY} when every weight is
     * &lt; 0, {@link #MIXED} otherwise; set by {@link #classifyRows} once the weights are final.
     */
    byte[] rowSign;
    /** Whether some row is {@link #MIXED}. */
    private boolean mixedRows;
    /**
     * Grouped form: what a push needs of a row g of one delay group, in one 16-byte entry:
     * {@code rowMeta[2g]} = start | end &lt;&lt; 32 and {@code rowMeta[2g+1]} = delay &lt;&lt; 32 | sign
     * &lt;&lt; 48 | {@link #SINGLE_GROUP}; 0 for other rows, which are read from the arrays above; null
     * when per-synapse. Why: reading rowStart, rowSign, rowGroup,
     * groupEnd and groupDelay at a random source costs five cache lines, which the neuron update
     * evicts every step; a push then cost 170-280 ns on CUBA 64k, and every thread pays it for every
     * spike (each pushes the part of the row onto its own neurons), so it did not shrink with threads.
     * Built only where rows have about one delay each (at most 1.5 groups per row, as in CUBA and
     * COBA): there the header is all a push reads besides its bucket, and 16 bytes per row are small
     * against the row; rows of many delays read their groups anyway.
     */
    long[] rowMeta;
    /** In {@code rowMeta[2g+1]}: the row is one delay group (its first delay is its only one). */
    static final long SINGLE_GROUP = 1L << 50;

    /** Row sign: weights of both signs; each synapse's input is chosen by its own sign. */
    static final byte MIXED = 0;
    /** Row sign: every weight ≥ 0 (into the excitatory input). */
    static final byte EXCITATORY = 1;
    /** Row sign: every weight &lt; 0 (into the inhibitory input). */
    static final byte INHIBITORY = 2;

    SynapseTable(int[] rowStart, int[] target, char[] narrowTarget, float[] weight, short[] delay) {
        this.rowStart = rowStart;
        this.target = target;
        this.narrowTarget = narrowTarget;
        this.weight = weight;
        this.delay = delay;
    }

    /** Number of synapses. */
    public int size() {
        return weight.length;
    }

    /** Whether target indices are stored in 16 bits. */
    public boolean narrow() {
        return narrowTarget != null;
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
        return target != null ? target[k] : narrowTarget[k];
    }

    /** Weight of synapse k. */
    public float weight(int k) {
        return weight[k];
    }

    /** Delay of synapse k in steps (a binary search over its row's groups when grouped). */
    public int delaySteps(int k) {
        if (delay != null) {
            return delay[k];
        }
        // The row of k: last g with rowStart[g] <= k and a non-empty row.
        int lo = 0;
        int hi = rowStart.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowStart[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int q = rowGroup[lo];
        while (groupEnd[q] <= k) {
            q++;
        }
        return groupDelay[q];
    }

    /** Writes the delays (steps) of row g's synapses into {@code out} from {@code offset} on. */
    public void rowDelays(int g, int[] out, int offset) {
        int from = rowStart[g];
        int to = rowStart[g + 1];
        if (delay != null) {
            for (int k = from; k < to; k++) {
                out[offset + k - from] = delay[k];
            }
            return;
        }
        int k = from;
        for (int q = rowGroup[g]; q < rowGroup[g + 1]; q++) {
            for (; k < groupEnd[q]; k++) {
                out[offset + k - from] = groupDelay[q];
            }
        }
    }

    /**
     * Records which input each row adds into. Why: with Dale's law every row is of one sign, so
     * delivery picks the input array once per row and its inner loop is a bare indexed add,
     * without a compare and branch per synaptic event (full-scale microcircuit, 2 threads:
     * delivery 1.23–1.48 → 1.06–1.16 s per thread and simulated second; docs/performance.md, fifth
     * pass). Must be called again if weights change.
     */
    void classifyRows() {
        int rows = rowStart.length - 1;
        byte[] sign = new byte[rows];
        boolean mixed = false;
        for (int g = 0; g < rows; g++) {
            boolean ex = true;
            boolean in = true;
            for (int k = rowStart[g]; k < rowStart[g + 1]; k++) {
                // The same test as the per-synapse path: w >= 0 goes to ex (also -0.0), else to in.
                boolean positive = weight[k] >= 0;
                ex &= positive;
                in &= !positive;
            }
            sign[g] = ex ? EXCITATORY : in ? INHIBITORY : MIXED;
            mixed |= sign[g] == MIXED;
        }
        rowSign = sign;
        mixedRows = mixed;
        if (delay == null && meanGroupsPerRow() <= 1.5) {
            long[] meta = new long[2 * rows];
            for (int g = 0; g < rows; g++) {
                int q0 = rowGroup[g];
                if (rowGroup[g + 1] - q0 == 1) {
                    meta[2 * g] = (rowStart[g] & 0xFFFF_FFFFL) | (long) rowStart[g + 1] << 32;
                    meta[2 * g + 1] = (groupDelay[q0] & 0xFFFFL) << 32 | (long) sign[g] << 48 | SINGLE_GROUP;
                }
            }
            rowMeta = meta;
        } else {
            rowMeta = null;
        }
    }

    /** Whether some row has weights of both signs ({@link #MIXED}). */
    boolean hasMixedRows() {
        return mixedRows;
    }

    /** Whether delays are stored per delay group rather than per synapse. */
    public boolean grouped() {
        return delay == null;
    }

    /** Smallest delay in steps, or Integer.MAX_VALUE when empty. */
    public int minDelay() {
        int m = Integer.MAX_VALUE;
        for (short d : delay != null ? delay : groupDelay) {
            m = Math.min(m, d);
        }
        return m;
    }

    /** Largest delay in steps, or 0 when empty. */
    public int maxDelay() {
        int m = 0;
        for (short d : delay != null ? delay : groupDelay) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** Heap bytes held by the arrays. */
    public long bytes() {
        long b = 4L * rowStart.length + (target != null ? 8L : 6L) * weight.length
                + (rowSign != null ? rowSign.length : 0);
        if (delay != null) {
            return b + 2L * delay.length;
        }
        return b + 4L * rowGroup.length + 6L * groupEnd.length + (rowMeta != null ? 8L * rowMeta.length : 0);
    }

    /**
     * Adds the weights of every synapse of source {@code gid}, emitted at {@code step}, into ring
     * buffers with one plane per delay: cell {@code ((step + delay) & mask) * stride + target},
     * excitatory (w ≥ 0) or inhibitory (w &lt; 0). The alternative to {@link SpikeQueue} for
     * tables whose delay groups are short (see {@code Worker.prepare}).
     */
    public void deliver(int gid, int step, int mask, int stride, double[] ringEx, double[] ringIn) {
        final byte sign = rowSign[gid];
        int k = rowStart[gid];
        if (delay == null) {
            final int[] groupEnd = this.groupEnd;
            final short[] groupDelay = this.groupDelay;
            final int qEnd = rowGroup[gid + 1];
            for (int q = rowGroup[gid]; q < qEnd; q++) {
                int end = groupEnd[q];
                add(sign, ringEx, ringIn, ((step + groupDelay[q]) & mask) * stride, k, end);
                k = end;
            }
            return;
        }
        // Per-synapse delays: each synapse has its own plane. The width test is loop-invariant:
        // C2 unswitches the loops on it.
        final short[] delay = this.delay;
        final int[] wide = this.target;
        final char[] narrow = this.narrowTarget;
        final float[] weight = this.weight;
        final int end = rowStart[gid + 1];
        if (sign != MIXED) {
            final double[] ring = sign == EXCITATORY ? ringEx : ringIn;
            for (; k < end; k++) {
                ring[((step + delay[k]) & mask) * stride + (wide != null ? wide[k] : narrow[k])] += weight[k];
            }
            return;
        }
        for (; k < end; k++) {
            int cell = ((step + delay[k]) & mask) * stride + (wide != null ? wide[k] : narrow[k]);
            float w = weight[k];
            if (w >= 0) {
                ringEx[cell] += w;
            } else {
                ringIn[cell] += w;
            }
        }
    }

    /**
     * Adds the weights of synapses [from, to) of a row of sign {@code sign} ({@link #rowSign}) into
     * {@code ex[offset + target]} (w ≥ 0) or {@code in[offset + target]} (w &lt; 0), in order: for a
     * one-signed row the input is chosen once and the loop is a bare indexed add; a mixed row tests
     * each weight.
     */
    void add(byte sign, double[] ex, double[] in, int offset, int from, int to) {
        if (sign == MIXED) {
            addMixed(ex, in, offset, from, to);
        } else if (narrowTarget != null) {
            addNarrow(sign == EXCITATORY ? ex : in, offset, narrowTarget, weight, from, to);
        } else {
            addWide(sign == EXCITATORY ? ex : in, offset, target, weight, from, to);
        }
    }

    private void addMixed(double[] ex, double[] in, int offset, int from, int to) {
        // The width test is loop-invariant: C2 unswitches the loop on it.
        final int[] wide = this.target;
        final char[] narrow = this.narrowTarget;
        final float[] weight = this.weight;
        for (int k = from; k < to; k++) {
            int cell = offset + (wide != null ? wide[k] : narrow[k]);
            float w = weight[k];
            if (w >= 0) {
                ex[cell] += w;
            } else {
                in[cell] += w;
            }
        }
    }

    private static void addNarrow(double[] into, int offset, char[] target, float[] weight, int from, int to) {
        for (int k = from; k < to; k++) {
            into[offset + target[k]] += weight[k];
        }
    }

    private static void addWide(double[] into, int offset, int[] target, float[] weight, int from, int to) {
        for (int k = from; k < to; k++) {
            into[offset + target[k]] += weight[k];
        }
    }

    /** {@link #delayGroups()} once counted (-1 before): the count scans every synapse. */
    private long delayGroups = -1;

    /** Number of delay groups (runs of equal delays in a row), counted when delays are per synapse. */
    long delayGroups() {
        if (delay == null) {
            return groupEnd.length;
        }
        if (delayGroups < 0) {
            delayGroups = countDelayGroups();
        }
        return delayGroups;
    }

    private long countDelayGroups() {
        long groups = 0;
        for (int g = 0; g + 1 < rowStart.length; g++) {
            for (int k = rowStart[g]; k < rowStart[g + 1]; k++) {
                if (k == rowStart[g] || delay[k] != delay[k - 1]) {
                    groups++;
                }
            }
        }
        return groups;
    }

    /** Average number of delay groups (runs of equal delays) per row with synapses; 0 when empty. */
    public double meanGroupsPerRow() {
        long rows = 0;
        for (int g = 0; g + 1 < rowStart.length; g++) {
            rows += rowStart[g + 1] > rowStart[g] ? 1 : 0;
        }
        return rows == 0 ? 0 : (double) delayGroups() / rows;
    }

    /** Average number of synapses per delay group (run of equal delays in a row); 0 when empty. */
    public double meanGroupSize() {
        long groups = delayGroups();
        return groups == 0 ? 0 : (double) weight.length / groups;
    }
}
