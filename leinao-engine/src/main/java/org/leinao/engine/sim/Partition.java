package org.leinao.engine.sim;

import java.util.List;
import org.leinao.engine.spec.PopulationSpec;

/**
 * Which thread owns which neuron. Each population is cut into as many contiguous chunks as there
 * are threads and thread k owns chunk k of every population, so work is balanced per model and the
 * canonical spike order (step, gid) is obtained by walking populations, then threads.
 */
public final class Partition {
    private final int threads;
    private final int populations;
    /** First gid of each population, plus the total at the end. */
    private final int[] popOffset;
    /** chunkStart[p][k] = first gid of thread k's chunk of population p; chunkStart[p][threads] = end. */
    private final int[][] chunkStart;
    /** localOffset[k][p] = local index of the first neuron of population p in thread k. */
    private final int[][] localOffset;
    private final int[] localCount;

    /** Partitions the populations (in gid order) over {@code threads} threads. */
    public Partition(List<PopulationSpec> pops, int threads) {
        this.threads = threads;
        this.populations = pops.size();
        popOffset = new int[populations + 1];
        for (int p = 0; p < populations; p++) {
            popOffset[p + 1] = popOffset[p] + pops.get(p).size();
        }
        chunkStart = new int[populations][threads + 1];
        localOffset = new int[threads][populations + 1];
        localCount = new int[threads];
        for (int p = 0; p < populations; p++) {
            long n = pops.get(p).size();
            for (int k = 0; k <= threads; k++) {
                chunkStart[p][k] = popOffset[p] + (int) (n * k / threads);
            }
        }
        for (int k = 0; k < threads; k++) {
            int off = 0;
            for (int p = 0; p < populations; p++) {
                localOffset[k][p] = off;
                off += chunkStart[p][k + 1] - chunkStart[p][k];
            }
            localOffset[k][populations] = off;
            localCount[k] = off;
        }
    }

    /** Number of threads. */
    public int threads() {
        return threads;
    }

    /** Number of populations. */
    public int populations() {
        return populations;
    }

    /** Total number of neurons. */
    public int neurons() {
        return popOffset[populations];
    }

    /** gid of neuron 0 of population p. */
    public int popOffset(int p) {
        return popOffset[p];
    }

    /** Size of population p. */
    public int popSize(int p) {
        return popOffset[p + 1] - popOffset[p];
    }

    /** First gid of thread k's chunk of population p. */
    public int chunkStart(int p, int k) {
        return chunkStart[p][k];
    }

    /** End (exclusive) gid of thread k's chunk of population p. */
    public int chunkEnd(int p, int k) {
        return chunkStart[p][k + 1];
    }

    /** Local index in thread k of the first neuron of population p. */
    public int localOffset(int k, int p) {
        return localOffset[k][p];
    }

    /** Number of neurons owned by thread k. */
    public int localCount(int k) {
        return localCount[k];
    }

    /** Population of a gid. */
    public int populationOf(int gid) {
        int lo = 0;
        int hi = populations - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (popOffset[mid] <= gid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Thread that owns neuron {@code gid} of population p. */
    public int ownerOf(int p, int gid) {
        int[] cs = chunkStart[p];
        int lo = 0;
        int hi = threads - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cs[mid] <= gid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Local index of {@code gid} (population p) in its owning thread k. */
    public int localIndex(int k, int p, int gid) {
        return localOffset[k][p] + gid - chunkStart[p][k];
    }
}
