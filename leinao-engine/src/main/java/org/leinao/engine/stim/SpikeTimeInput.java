package org.leinao.engine.stim;

/**
 * Spikes at given times into the targets one thread owns (NEST {@code spike_generator}), sorted by
 * arrival step, then target gid, then spike index, and added to the ring slot of their arrival step.
 */
public final class SpikeTimeInput {
    private final int[] arrival;
    private final int[] local;
    private final double weight;
    private int next;

    /**
     * @param arrival arrival steps, ascending
     * @param local thread-local target index per spike
     * @param weight weight per spike
     */
    public SpikeTimeInput(int[] arrival, int[] local, double weight) {
        this.arrival = arrival;
        this.local = local;
        this.weight = weight;
    }

    /** Adds the spikes arriving in {@code step}. */
    public void apply(int step, double[] ringEx, double[] ringIn, int slotBase) {
        double[] ring = weight >= 0 ? ringEx : ringIn;
        while (next < arrival.length && arrival[next] < step) {
            next++;
        }
        while (next < arrival.length && arrival[next] == step) {
            ring[slotBase + local[next]] += weight;
            next++;
        }
    }
}
