package org.leinao.engine.synapse;

/**
 * A snapshot of the network's synapses (like NEST's {@code GetConnections}), sorted by source gid,
 * then target gid, then creation order.
 *
 * @param sources source gid per synapse
 * @param targets target gid per synapse
 * @param weights weight per synapse
 * @param delaySteps delay in steps per synapse
 */
public record Connections(int[] sources, int[] targets, float[] weights, int[] delaySteps) {
    /** Number of synapses. */
    public int size() {
        return sources.length;
    }
}
