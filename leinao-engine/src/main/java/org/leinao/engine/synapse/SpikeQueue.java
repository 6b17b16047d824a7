package org.leinao.engine.synapse;

import java.util.Arrays;

/**
 * The spikes whose synapses onto one thread's neurons have not all arrived yet, delivered at
 * arrival rather than at emission.
 *
 * <p>Why: writing each spike's weights into a ring buffer when it is emitted scatters them over
 * every delay slot of the ring; at the scale of the cortical microcircuit a thread's ring is 39 MB
 * (18.5 MB of it in use), many times its L2 cache, and each synaptic event costs a cache miss
 * (about 5.6 ns, see docs/performance.md). Here a spike waits in this queue and, at each step, only the delay group
 * of each queued row that arrives now is added into one input buffer of the thread's neurons
 * (a few hundred kB, resident in L2). The synapse table is still read sequentially, one delay
 * group at a time. This is the delivery order of a spike queue that holds sources rather than
 * synapses (cf. Brian2's {@code SpikeQueue}, which queues synapse indices per delay).
 *
 * <p>Entries stay in push order, which is the canonical spike order (step, population, gid); each
 * step adds their arriving groups in that order, and synapses within a group in row order, so every
 * input sum is taken in the order a ring buffer filled at emission would take it: results are
 * bit-identical to it and independent of the number of threads.
 */
public final class SpikeQueue {
    private final SynapseTable table;
    private int size;
    /** Next synapse index of each entry (start of its next delay group or run). */
    private int[] next = new int[64];
    /** Grouped tables: end (exclusive) of the entry's next delay group. */
    private int[] stop = new int[64];
    /** Grouped tables: the entry's next delay group. */
    private int[] group = new int[64];
    /** End of each entry's row: its group end (grouped) or synapse end (per-synapse delays). */
    private int[] end = new int[64];
    /** Emission step of each entry. */
    private int[] emitted = new int[64];
    /** Step at which each entry's next synapses arrive. */
    private int[] due = new int[64];
    /** Row sign of each entry ({@link SynapseTable#rowSign}). */
    private byte[] sign = new byte[64];
    /** Scratch: the entries due in the step being drained. */
    private int[] work = new int[64];
    /** Keeps the look-ahead loads from being removed as dead code. */
    private int sink;

    /** An empty queue over the synapses of {@code table}. */
    public SpikeQueue(SynapseTable table) {
        this.table = table;
    }

    /** Number of queued spikes with synapses still to arrive. */
    public int size() {
        return size;
    }

    /** Heap bytes held by the queue's arrays. */
    public long bytes() {
        return 29L * next.length;
    }

    /**
     * Queues the spike of source {@code gid} emitted at {@code step}; spikes must be pushed in
     * canonical order (step, then population, then gid).
     */
    public void push(int gid, int step) {
        SynapseTable t = table;
        int k = t.rowStart[gid];
        if (k == t.rowStart[gid + 1]) {
            return;
        }
        if (size == next.length) {
            grow();
        }
        int e = size++;
        next[e] = k;
        emitted[e] = step;
        sign[e] = t.rowSign[gid];
        if (t.delay == null) {
            int q = t.rowGroup[gid];
            group[e] = q;
            stop[e] = t.groupEnd[q];
            end[e] = t.rowGroup[gid + 1];
            due[e] = step + t.groupDelay[q];
        } else {
            end[e] = t.rowStart[gid + 1];
            due[e] = step + t.delay[k];
        }
    }

    /**
     * Adds the weights of every queued synapse arriving at {@code step} into {@code ex[target]}
     * (w ≥ 0) or {@code in[target]} (w &lt; 0), and drops the spikes with nothing left to deliver.
     * Must be called for every step in turn, with no step skipped while the queue is not empty.
     */
    public void drain(int step, double[] ex, double[] in) {
        if (table.delay == null) {
            drainGrouped(step, ex, in);
        } else {
            drainPerSynapse(step, ex, in);
        }
    }

    /*
     * Each due group is a short run (tens of synapses) somewhere in a table of a gigabyte, so
     * reading it starts with main-memory misses. A first pass loads one word of each cache line of
     * a batch of due groups ({@link #BATCH} synapses): these loads are independent, so the core
     * keeps many misses in flight at once (Java has no prefetch instruction), and the second pass
     * then adds the batch from cache. On the full-scale microcircuit this cut delivery from 2.9 to
     * 2.2 s per thread; touching a group only a few groups ahead of adding it gained less
     * (docs/performance.md).
     */
    private void drainGrouped(int step, double[] ex, double[] in) {
        if (work.length < size) {
            work = new int[next.length];
        }
        final int[] work = this.work;
        // Without mixed rows: excitatory rows first, then inhibitory ones, each in canonical
        // order. Each input array still receives its adds in canonical order, and the branch on
        // the row's sign in the adds is taken the same way for long runs instead of at random.
        int m = table.hasMixedRows() ? selectDue(step, 0, ANY_SIGN)
                : selectDue(step, selectDue(step, 0, SynapseTable.EXCITATORY), SynapseTable.INHIBITORY);
        int touched = 0;
        for (int i0 = 0; i0 < m;) {
            int i1 = i0;
            long synapses = 0;
            while (i1 < m && synapses < BATCH) {
                int e = work[i1++];
                touched += touch(e);
                synapses += stop[e] - next[e];
            }
            add(i0, i1, ex, in);
            i0 = i1;
        }
        sink += touched;
        advanceGrouped(step);
    }

    /** {@link #selectDue}'s row sign for "any sign". */
    private static final int ANY_SIGN = -1;

    /**
     * Appends to {@code work} from index m, in queue order, the entries due at {@code step} whose
     * row sign is {@code rowSign} (any when {@link #ANY_SIGN}); returns the new count.
     */
    private int selectDue(int step, int m, int rowSign) {
        final int[] due = this.due;
        final byte[] sign = this.sign;
        final int[] work = this.work;
        for (int e = 0; e < size; e++) {
            if (due[e] == step && (rowSign == ANY_SIGN || sign[e] == rowSign)) {
                work[m++] = e;
            }
        }
        return m;
    }

    /**
     * Synapses touched ahead of their adds: about 100 kB of table, which stays in L2 next to the
     * input buffers until added. Touching all of a step's due groups first (300 kB per thread on
     * the microcircuit, beside 600 kB of input) let lines fall out of L2 before their add;
     * measured on the microcircuit (2 threads, best of 9): delivery 1.33 s per thread with 16,384,
     * 1.36 s with 32,768, 1.66 s with all (docs/performance.md).
     */
    private static final long BATCH = 16_384;

    /** Adds the due groups listed in {@code work[i0..i1)}, in that (canonical) order. */
    private void add(int i0, int i1, double[] ex, double[] in) {
        final SynapseTable table = this.table;
        for (int i = i0; i < i1; i++) {
            int e = work[i];
            table.add(sign[e], ex, in, 0, next[e], stop[e]);
        }
    }

    /**
     * Loads a word of each cache line of entry e's next group, and of its following group's header.
     * Fixed positions rather than a loop over the lines: a group spans one to three lines of each
     * array, and a loop with that varying trip count mispredicts its exit about once per group.
     * Four weights 16 apart (a line holds 16), with four 32-bit or three 16-bit targets, cover
     * every line of a group of up to 49 synapses; the rare longer group's remaining lines are
     * touched by the loops, whose trip count is 0 for all others.
     */
    private int touch(int e) {
        final float[] weight = table.weight;
        final int from = next[e];
        final int last = stop[e] - 1;
        int sum = Float.floatToRawIntBits(weight[from])
                + Float.floatToRawIntBits(weight[Math.min(from + 16, last)])
                + Float.floatToRawIntBits(weight[Math.min(from + 32, last)])
                + Float.floatToRawIntBits(weight[last]);
        for (int k = from + 48; k < last; k += 16) {
            sum += Float.floatToRawIntBits(weight[k]);
        }
        if (table.narrowTarget != null) {
            final char[] target = table.narrowTarget;
            sum += target[from] + target[Math.min(from + 32, last)] + target[last];
            for (int k = from + 64; k < last; k += 32) {
                sum += target[k];
            }
        } else {
            final int[] target = table.target;
            sum += target[from] + target[Math.min(from + 16, last)] + target[Math.min(from + 32, last)]
                    + target[last];
            for (int k = from + 48; k < last; k += 16) {
                sum += target[k];
            }
        }
        int q = group[e] + 1;
        if (q < end[e]) {
            sum += table.groupEnd[q] + table.groupDelay[q];
        }
        return sum;
    }

    /** Moves the entries due at {@code step} to their next group, dropping finished ones, in order. */
    private void advanceGrouped(int step) {
        final int[] groupEnd = table.groupEnd;
        final short[] groupDelay = table.groupDelay;
        int kept = 0;
        for (int e = 0; e < size; e++) {
            if (due[e] != step) {
                copy(e, kept++);
                continue;
            }
            int q = group[e] + 1;
            if (q < end[e]) {
                next[kept] = stop[e];
                stop[kept] = groupEnd[q];
                group[kept] = q;
                end[kept] = end[e];
                emitted[kept] = emitted[e];
                sign[kept] = sign[e];
                due[kept] = emitted[e] + groupDelay[q];
                kept++;
            }
        }
        size = kept;
    }

    private void drainPerSynapse(int step, double[] ex, double[] in) {
        final SynapseTable table = this.table;
        final short[] delay = table.delay;
        final int[] next = this.next;
        final int[] end = this.end;
        final int[] emitted = this.emitted;
        final int[] due = this.due;
        int kept = 0;
        for (int e = 0; e < size; e++) {
            if (due[e] != step) {
                copy(e, kept++);
                continue;
            }
            int k = next[e];
            final int to = end[e];
            final int d = step - emitted[e];
            // Rows are ordered by delay, so the synapses arriving now are a run from k.
            int run = k;
            while (run < to && delay[run] == d) {
                run++;
            }
            table.add(sign[e], ex, in, 0, k, run);
            k = run;
            if (k < to) {
                next[kept] = k;
                end[kept] = to;
                emitted[kept] = emitted[e];
                sign[kept] = sign[e];
                due[kept] = emitted[e] + delay[k];
                kept++;
            }
        }
        size = kept;
    }

    private void copy(int from, int to) {
        if (from != to) {
            next[to] = next[from];
            stop[to] = stop[from];
            group[to] = group[from];
            end[to] = end[from];
            emitted[to] = emitted[from];
            due[to] = due[from];
            sign[to] = sign[from];
        }
    }

    private void grow() {
        int n = next.length * 2;
        next = Arrays.copyOf(next, n);
        stop = Arrays.copyOf(stop, n);
        group = Arrays.copyOf(group, n);
        end = Arrays.copyOf(end, n);
        emitted = Arrays.copyOf(emitted, n);
        due = Arrays.copyOf(due, n);
        sign = Arrays.copyOf(sign, n);
    }
}
