package org.leinao.engine.synapse;

import java.util.Arrays;

/**
 * The synapses of queued spikes onto one thread's neurons that have not arrived yet, delivered at
 * arrival rather than at emission.
 *
 * <p>Why: writing each spike's weights into a ring buffer when it is emitted scatters them over
 * every delay slot of the ring; at the scale of the cortical microcircuit a thread's ring is 39 MB
 * (18.5 MB of it in use), many times its L2 cache, and each synaptic event costs a cache miss
 * (about 5.6 ns, see docs/performance.md). Here, at each step, only the runs of synapses that
 * arrive now are added into one input buffer of the thread's neurons (a few hundred kB, resident
 * in L2). The synapse table is still read sequentially, one run (delay group) at a time. This is
 * the delivery order of a spike queue that holds synapse runs per arrival step (cf. Brian2's
 * {@code SpikeQueue}, which queues synapse indices per delay).
 *
 * <p>The queue is a calendar: one bucket per arrival step modulo a power of two above the largest
 * delay. A pushed spike's row is cut into its runs of equal delay at once and each run is appended
 * to the bucket of its arrival step; a step's drain adds its bucket's runs and empties it. Why: the
 * earlier queue held one entry per spike and, every step, scanned all of them for the due ones and
 * moved each on to its next delay group, reading that group's header from the table (a miss per
 * group); here a step touches only what arrives, and a row's group headers are read once, together,
 * at the push (docs/performance.md, seventh pass). Memory: 8 bytes per queued run (12 when rows
 * are mixed), and a bucket keeps the largest size it has needed, so a queue holds about
 * {@code buckets × the most runs that ever arrived in one step × 8} bytes: measured on the
 * full-scale microcircuit after 1 s, 10.7 MB per thread (its synchronous start sizes every bucket),
 * where a ring would take 39 MB.
 *
 * <p>Order: spikes are pushed in canonical order (step, population, gid), and a bucket receives
 * runs only from pushes, so each bucket lists its runs in that order, and synapses within a run are
 * in row order: every input sum is taken in the order a ring buffer filled at emission would take
 * it, so results are bit-identical to it and independent of the number of threads. Without mixed
 * rows ({@link SynapseTable#hasMixedRows}), excitatory and inhibitory rows go to two calendars and
 * a step adds the excitatory runs first: each input array still receives its adds in canonical
 * order, and the branch on the row's sign is taken once per calendar, not at random per run.
 */
public final class SpikeQueue {
    private final SynapseTable table;
    /** Buckets - 1; the bucket count is a power of two above the largest delay. */
    private final int mask;
    /** Ints per run in the buckets: from, to, and the row sign when rows may be mixed. */
    private final int width;
    /**
     * runs[c][b]: the runs arriving at steps ≡ b (mod buckets), flat; calendar c is 0 for
     * excitatory rows and 1 for inhibitory ones, or 0 for all rows when some row is mixed.
     */
    private final int[][][] runs;
    /**
     * Ints of runs[c][b] in use, at {@code PAD + c * buckets + b}. Why the padding: each thread
     * writes its counts for every run it queues, and another thread's data must not share their
     * cache lines (false sharing would cost a line transfer per write).
     */
    private final int[] used;
    /** Ints (64 bytes) kept free at each end of {@link #used}. */
    private static final int PAD = 16;
    /** Runs queued, over all buckets. */
    private long size;
    /** Last step drained, or {@link #NONE}. */
    private int drained = NONE;
    /** Keeps the look-ahead loads from being removed as dead code. */
    private int sink;

    private static final int NONE = Integer.MIN_VALUE;
    private static final int[] EMPTY = new int[0];

    /** An empty queue over the synapses of {@code table}. */
    public SpikeQueue(SynapseTable table) {
        this(table, table.maxDelay());
    }

    /**
     * An empty queue over the synapses of {@code table}, whose delays are at most {@code maxDelay}
     * steps (known to the caller, which spares a scan of the table's delays).
     */
    public SpikeQueue(SynapseTable table, int maxDelay) {
        this.table = table;
        int buckets = Integer.highestOneBit(Math.max(1, maxDelay)) << 1;
        mask = buckets - 1;
        boolean mixed = table.hasMixedRows();
        width = mixed ? 3 : 2;
        int calendars = mixed ? 1 : 2;
        runs = new int[calendars][buckets][];
        used = new int[2 * PAD + calendars * buckets];
        for (int[][] c : runs) {
            // Buckets grow at their first run: with long delays most stay empty.
            Arrays.fill(c, EMPTY);
        }
    }

    /** Number of queued runs (delay groups of queued spikes) still to arrive. */
    public long size() {
        return size;
    }

    /** Heap bytes held by the queue's buckets. */
    public long bytes() {
        long b = 0;
        for (int[][] c : runs) {
            for (int[] r : c) {
                b += r.length == 0 ? 0 : 16 + 4L * r.length;
            }
        }
        return b;
    }

    /**
     * Queues the spike of source {@code gid} emitted at {@code step}: spikes must be pushed in
     * canonical order (step, then population, then gid), after the steps before {@code step} were
     * drained and before any of the spike's synapses arrives.
     *
     * @throws IllegalStateException when a step before {@code step} was not drained yet, or when the
     *     spike's first synapses would arrive at a step already drained
     */
    public void push(int gid, int step) {
        final SynapseTable t = table;
        final long[] meta = t.rowMeta;
        if (meta != null && (meta[2 * gid + 1] & SynapseTable.SINGLE_GROUP) != 0) {
            // a row of one delay group: its start, end, sign and delay in one cache line
            long m0 = meta[2 * gid];
            long m1 = meta[2 * gid + 1];
            byte sign = (byte) (m1 >>> 48 & 3);
            int d0 = (short) (m1 >>> 32);
            checkOrder(gid, step, d0);
            append(width == 3 || sign == SynapseTable.EXCITATORY ? 0 : 1, (step + d0) & mask, (int) m0,
                    (int) (m0 >>> 32), sign);
            size++;
            return;
        }
        // empty rows and rows of several delay groups read the table
        int k = t.rowStart[gid];
        final int end = t.rowStart[gid + 1];
        if (k == end) {
            return;
        }
        final byte sign = t.rowSign[gid];
        final int c = width == 3 || sign == SynapseTable.EXCITATORY ? 0 : 1;
        if (t.delay == null) {
            final int[] groupEnd = t.groupEnd;
            final short[] groupDelay = t.groupDelay;
            final int q0 = t.rowGroup[gid];
            final int q1 = t.rowGroup[gid + 1];
            checkOrder(gid, step, groupDelay[q0]);
            for (int q = q0; q < q1; q++) {
                int to = groupEnd[q];
                append(c, (step + groupDelay[q]) & mask, k, to, sign);
                k = to;
            }
            size += q1 - q0;
        } else {
            // Rows are ordered by delay, so each run of equal delays is one run of the row.
            final short[] delay = t.delay;
            checkOrder(gid, step, delay[k]);
            long runsQueued = 0;
            while (k < end) {
                short d = delay[k];
                int run = k + 1;
                while (run < end && delay[run] == d) {
                    run++;
                }
                append(c, (step + d) & mask, k, run, sign);
                k = run;
                runsQueued++;
            }
            size += runsQueued;
        }
    }

    /**
     * {@link #push}es the spikes {@code gids[from..to)} of one step, in that order. Why not one by
     * one: each push starts with a cache miss on its row's entry (the neuron update evicts the
     * table's row headers every step), and pushes in a row wait for those misses one after the
     * other; a first pass that only loads every entry keeps them in flight together.
     */
    public void pushAll(int[] gids, int from, int to, int step) {
        final long[] meta = table.rowMeta;
        if (meta != null && to - from > 1) {
            long touched = 0;
            for (int i = from; i < to; i++) {
                touched += meta[2 * gids[i]];
            }
            sink += (int) touched;
        }
        for (int i = from; i < to; i++) {
            push(gids[i], step);
        }
    }

    private void checkOrder(int gid, int step, int firstDelay) {
        if (drained != NONE && (step > drained + 1 || step + firstDelay <= drained)) {
            throw new IllegalStateException("spike of source " + gid + " at step " + step
                    + " pushed after step " + drained + " was drained: its synapses would arrive from step "
                    + (step + firstDelay) + "; push each step's spikes before its synapses arrive and drain every step");
        }
    }

    private void append(int c, int b, int from, int to, byte sign) {
        int[] r = runs[c][b];
        int u = PAD + c * (mask + 1) + b;
        int n = used[u];
        if (n + width > r.length) {
            r = Arrays.copyOf(r, Math.max(8 * width, r.length * 2));
            runs[c][b] = r;
        }
        r[n] = from;
        r[n + 1] = to;
        if (width == 3) {
            r[n + 2] = sign;
        }
        used[u] = n + width;
    }

    /**
     * Adds the weights of every queued synapse arriving at {@code step} into {@code ex[target]}
     * (w ≥ 0) or {@code in[target]} (w &lt; 0). Must be called for every step in turn, with no step
     * skipped while the queue is not empty.
     *
     * @throws IllegalStateException when a step was skipped while runs were queued
     */
    public void drain(int step, double[] ex, double[] in) {
        if (size > 0 && drained != NONE && step != drained + 1) {
            throw new IllegalStateException("drained step " + step + " after step " + drained
                    + " with " + size + " runs queued: every step must be drained in turn");
        }
        drained = step;
        final int b = step & mask;
        for (int c = 0; c < runs.length; c++) {
            int u = PAD + c * (mask + 1) + b;
            int n = used[u];
            if (n > 0) {
                drainBucket(runs[c][b], n, c, ex, in);
                used[u] = 0;
                size -= n / width;
            }
        }
    }

    /*
     * Each run is short (tens of synapses) and somewhere in a table of a gigabyte, so reading it
     * starts with main-memory misses. A first pass loads one word of each cache line of a batch of
     * runs ({@link #BATCH} synapses): these loads are independent, so the core keeps many misses in
     * flight at once (Java has no prefetch instruction), and the second pass then adds the batch
     * from cache. On the full-scale microcircuit this cut delivery from 2.9 to 2.2 s per thread;
     * touching a group only a few groups ahead of adding it gained less (docs/performance.md).
     */
    private void drainBucket(int[] r, int n, int c, double[] ex, double[] in) {
        final int width = this.width;
        final byte calendarSign = c == 0 ? SynapseTable.EXCITATORY : SynapseTable.INHIBITORY;
        int touched = 0;
        for (int i0 = 0; i0 < n;) {
            int i1 = i0;
            long synapses = 0;
            while (i1 < n && synapses < BATCH) {
                touched += touch(r[i1], r[i1 + 1]);
                synapses += r[i1 + 1] - r[i1];
                i1 += width;
            }
            for (int i = i0; i < i1; i += width) {
                table.add(width == 3 ? (byte) r[i + 2] : calendarSign, ex, in, 0, r[i], r[i + 1]);
            }
            i0 = i1;
        }
        sink += touched;
    }

    /**
     * Synapses touched ahead of their adds: about 100 kB of table, which stays in L2 next to the
     * input buffers until added. Touching all of a step's due groups first (300 kB per thread on
     * the microcircuit, beside 600 kB of input) let lines fall out of L2 before their add;
     * measured on the microcircuit (2 threads, best of 9): delivery 1.33 s per thread with 16,384,
     * 1.36 s with 32,768, 1.66 s with all (docs/performance.md).
     */
    private static final long BATCH = 16_384;

    /**
     * Loads a word of each cache line of the run [from, to). Fixed positions rather than a loop over
     * the lines: a run spans one to three lines of each array, and a loop with that varying trip
     * count mispredicts its exit about once per run. Four weights 16 apart (a line holds 16), with
     * four 32-bit or three 16-bit targets, cover every line of a run of up to 49 synapses; the rare
     * longer run's remaining lines are touched by the loops, whose trip count is 0 for all others.
     */
    private int touch(int from, int to) {
        final float[] weight = table.weight;
        final int last = to - 1;
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
        return sum;
    }
}
