package org.leinao.engine.synapse;

import java.util.List;
import org.leinao.engine.connect.ConnectionRule;
import org.leinao.engine.connect.IntBuffer;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.random.Purpose;
import org.leinao.engine.random.RandomStream;
import org.leinao.engine.sim.Partition;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.PopulationSpec;
import org.leinao.engine.spec.ProjectionSpec;

/**
 * Builds one thread's {@link SynapseTable} in two passes over the connection rules: the first
 * counts synapses per source, the second fills the rows in place. Because every draw is a pure
 * function of (seed, purpose, key), the second pass regenerates exactly the first pass's
 * connections, and no temporary per-synapse list is needed: peak memory is the final table.
 */
public final class SynapseTableBuilder {
    private final NetworkSpec spec;
    private final Partition part;
    private final int thread;
    private final int[][] splits;

    /** Prepares the build of thread {@code thread}'s table. */
    public SynapseTableBuilder(NetworkSpec spec, Partition part, int thread) {
        this(spec, part, thread, null);
    }

    /**
     * Prepares the build of thread {@code thread}'s table with the precomputed per-target splits of
     * the {@code fixed_total_number} projections ({@link #totalSplits}), shared by all threads.
     */
    public SynapseTableBuilder(NetworkSpec spec, Partition part, int thread, int[][] splits) {
        this.spec = spec;
        this.part = part;
        this.thread = thread;
        this.splits = splits;
    }

    /**
     * The per-target connection counts of projection j if it is {@code fixed_total_number}, else
     * null; independent of threads, so computed once and shared.
     */
    public static int[] totalSplit(NetworkSpec spec, int j) {
        ProjectionSpec pr = spec.projections().get(j);
        if (!(pr.connector() instanceof Connector.FixedTotalNumber(long n))) {
            return null;
        }
        int ps = spec.populationIndex(pr.source());
        int pt = spec.populationIndex(pr.target());
        return ConnectionRule.splitTotal(n, j, spec.seed(), spec.populations().get(ps).size(),
                spec.populations().get(pt).size(), ps == pt && !pr.allowAutapses(), pr.allowMultapses());
    }

    /** Most local neurons whose indices fit the 16-bit target form. */
    static final int NARROW_LIMIT = 1 << 16;

    /** Builds the table. */
    public SynapseTable build() {
        return build(true, true);
    }

    /**
     * Builds the table, with delays per group where smaller ({@code groupDelays}) or per synapse,
     * and 16-bit targets where they fit ({@code narrowTargets}) or {@code int} targets.
     */
    SynapseTable build(boolean groupDelays, boolean narrowTargets) {
        int nGlobal = part.neurons();
        long[] count = new long[nGlobal + 1];
        pass(count, null);
        int[] rowStart = new int[nGlobal + 1];
        long total = 0;
        for (int g = 0; g < nGlobal; g++) {
            long c = count[g];
            rowStart[g] = (int) total;
            total += c;
            if (total > Integer.MAX_VALUE - 16) {
                throw new NetworkTooLargeException(thread, part.threads(), Integer.MAX_VALUE - 16);
            }
        }
        rowStart[nGlobal] = (int) total;
        int n = (int) total;
        boolean narrow = narrowTargets && part.localCount(thread) <= NARROW_LIMIT;
        SynapseTable table = new SynapseTable(rowStart, narrow ? null : new int[n], narrow ? new char[n] : null,
                new float[n], new short[n]);
        int[] cursor = new int[nGlobal];
        System.arraycopy(rowStart, 0, cursor, 0, nGlobal);
        pass(null, new Fill(table, cursor));
        groupByDelay(table);
        if (groupDelays) {
            storeDelaysPerGroup(table);
        }
        table.classifyRows();
        return table;
    }

    /**
     * Replaces the per-synapse delays of a delay-ordered table by one (delay, end) pair per run of
     * equal delays in a row, when that takes fewer bytes (see {@link SynapseTable}).
     */
    static void storeDelaysPerGroup(SynapseTable t) {
        int rows = t.rowStart.length - 1;
        short[] d = t.delay;
        long groups = t.delayGroups();
        if (4L * (rows + 1) + 6L * groups >= 2L * d.length) {
            return;
        }
        int[] rowGroup = new int[rows + 1];
        int[] groupEnd = new int[(int) groups];
        short[] groupDelay = new short[(int) groups];
        int q = 0;
        for (int g = 0; g < rows; g++) {
            rowGroup[g] = q;
            for (int k = t.rowStart[g]; k < t.rowStart[g + 1]; k++) {
                if (k == t.rowStart[g] || d[k] != d[k - 1]) {
                    groupDelay[q++] = d[k];
                }
                groupEnd[q - 1] = k + 1;
            }
        }
        rowGroup[rows] = q;
        t.rowGroup = rowGroup;
        t.groupEnd = groupEnd;
        t.groupDelay = groupDelay;
        t.delay = null;
    }

    /**
     * Reorders each row by delay, stably: the synapses of one spike that share a delay then write
     * into the same ring slot plane one after the other, which is kinder to the caches than
     * jumping between planes. Synapses onto one target with one delay keep their creation order,
     * so every sum is still taken in a partition-independent order.
     */
    private static void groupByDelay(SynapseTable t) {
        int rows = t.rowStart.length - 1;
        int maxRow = 0;
        int maxDelay = 0;
        for (int g = 0; g < rows; g++) {
            maxRow = Math.max(maxRow, t.rowStart[g + 1] - t.rowStart[g]);
        }
        for (short d : t.delay) {
            maxDelay = Math.max(maxDelay, d);
        }
        int[] tgt = t.target != null ? new int[maxRow] : null;
        char[] tgt16 = t.narrowTarget != null ? new char[maxRow] : null;
        float[] w = new float[maxRow];
        short[] d = new short[maxRow];
        int[] count = new int[maxDelay + 2];
        for (int g = 0; g < rows; g++) {
            int from = t.rowStart[g];
            int to = t.rowStart[g + 1];
            if (to - from < 2) {
                continue;
            }
            java.util.Arrays.fill(count, 0);
            for (int k = from; k < to; k++) {
                count[t.delay[k] + 1]++;
            }
            for (int i = 1; i < count.length; i++) {
                count[i] += count[i - 1];
            }
            for (int k = from; k < to; k++) {
                int pos = count[t.delay[k]]++;
                if (tgt != null) {
                    tgt[pos] = t.target[k];
                } else {
                    tgt16[pos] = t.narrowTarget[k];
                }
                w[pos] = t.weight[k];
                d[pos] = t.delay[k];
            }
            if (tgt != null) {
                System.arraycopy(tgt, 0, t.target, from, to - from);
            } else {
                System.arraycopy(tgt16, 0, t.narrowTarget, from, to - from);
            }
            System.arraycopy(w, 0, t.weight, from, to - from);
            System.arraycopy(d, 0, t.delay, from, to - from);
        }
    }

    private record Fill(SynapseTable table, int[] cursor) {
    }

    private void pass(long[] count, Fill fill) {
        List<ProjectionSpec> projections = spec.projections();
        IntBuffer buf = new IntBuffer(64);
        RandomStream wRng = new RandomStream(spec.seed());
        RandomStream dRng = new RandomStream(spec.seed());
        for (int j = 0; j < projections.size(); j++) {
            ProjectionSpec pr = projections.get(j);
            int ps = spec.populationIndex(pr.source());
            int pt = spec.populationIndex(pr.target());
            PopulationSpec tgtPop = spec.populations().get(pt);
            int srcOff = part.popOffset(ps);
            int tgtOff = part.popOffset(pt);
            int tStart = part.chunkStart(pt, thread);
            int tEnd = part.chunkEnd(pt, thread);
            boolean parrot = tgtPop.model().type() == NeuronModels.PARROT;
            Distribution wd = parrot ? Distribution.constant(1.0) : pr.weight();
            Distribution dd = pr.delay();
            ConnectionRule rule = new ConnectionRule(pr.connector(), j, spec.seed(), part.popSize(ps), part.popSize(pt),
                    srcOff, tgtOff, ps == pt, pr.allowAutapses(), pr.allowMultapses(),
                    splits == null ? null : splits[j]);
            int wPurpose = Purpose.of(Purpose.WEIGHT, j);
            int dPurpose = Purpose.of(Purpose.DELAY, j);
            if (rule.explicit()) {
                Connector.Explicit ex = (Connector.Explicit) pr.connector();
                for (int i = 0; i < ex.sources().length; i++) {
                    int tg = tgtOff + ex.targets()[i];
                    if (tg < tStart || tg >= tEnd) {
                        continue;
                    }
                    int sg = srcOff + ex.sources()[i];
                    if (count != null) {
                        count[sg]++;
                    } else {
                        wRng.reset(wPurpose, i);
                        dRng.reset(dPurpose, i);
                        place(fill, sg, tg, pt, wd.sample(wRng), dd.sample(dRng));
                    }
                }
            } else if (rule.sourceDriven()) {
                for (int s = 0; s < part.popSize(ps); s++) {
                    rule.targetsOf(s, buf);
                    int sg = srcOff + s;
                    wRng.reset(wPurpose, sg);
                    dRng.reset(dPurpose, sg);
                    for (int c = 0; c < buf.size(); c++) {
                        int tg = tgtOff + buf.get(c);
                        double w = wd.sample(wRng);
                        double d = dd.sample(dRng);
                        if (tg < tStart || tg >= tEnd) {
                            continue;
                        }
                        if (count != null) {
                            count[sg]++;
                        } else {
                            place(fill, sg, tg, pt, w, d);
                        }
                    }
                }
            } else {
                for (int tg = tStart; tg < tEnd; tg++) {
                    rule.sourcesOf(tg - tgtOff, buf);
                    int[] src = buf.array();
                    int m = buf.size();
                    if (count != null) {
                        for (int c = 0; c < m; c++) {
                            count[srcOff + src[c]]++;
                        }
                    } else {
                        wRng.reset(wPurpose, tg);
                        dRng.reset(dPurpose, tg);
                        for (int c = 0; c < m; c++) {
                            place(fill, srcOff + src[c], tg, pt, wd.sample(wRng), dd.sample(dRng));
                        }
                    }
                }
            }
        }
    }

    private void place(Fill fill, int sourceGid, int targetGid, int pt, double w, double d) {
        long steps = Math.round(d / spec.dt());
        if (steps < 1) {
            steps = 1;
        }
        if (steps > Short.MAX_VALUE) {
            throw new org.leinao.engine.spec.SpecException(List.of("a drawn delay of " + d + " ms exceeds the maximum of "
                    + Short.MAX_VALUE + " steps at dt = " + spec.dt() + " ms; bound the delay distribution (e.g."
                    + " normal_clipped with max)"));
        }
        if (!Float.isFinite((float) w)) {
            throw new org.leinao.engine.spec.SpecException(List.of("a drawn weight of " + w
                    + " is outside the range of a float"));
        }
        int k = fill.cursor[sourceGid]++;
        int local = part.localIndex(thread, pt, targetGid);
        if (fill.table.target != null) {
            fill.table.target[k] = local;
        } else {
            fill.table.narrowTarget[k] = (char) local;
        }
        fill.table.weight[k] = (float) w;
        fill.table.delay[k] = (short) steps;
    }
}
