package org.leinao.engine.sim;

/**
 * Hook at the slice barrier (ARCHITECTURE.md §4): called once per slice on worker 0, after every
 * thread has updated its neurons for the slice and before spikes are delivered, with the slice's
 * spikes in canonical order. Used by streaming recorders, closed-loop I/O and, later, plasticity.
 * Must not modify the arrays.
 */
@FunctionalInterface
public interface SliceListener {
    /**
     * @param firstStep first step of the slice
     * @param steps number of steps in the slice
     * @param spikeSteps step of each spike
     * @param spikeGids gid of each spike
     * @param count number of spikes (valid prefix of the arrays)
     */
    void onSlice(long firstStep, int steps, int[] spikeSteps, int[] spikeGids, int count);
}
