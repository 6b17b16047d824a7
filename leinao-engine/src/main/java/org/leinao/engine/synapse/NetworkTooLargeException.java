package org.leinao.engine.synapse;

/**
 * The network's synapses do not fit the engine's tables: one thread would hold more than 2^31 of
 * them (its tables index synapses with {@code int}). A user error rather than a bug — such a network
 * also needs tens of GB per thread — so front ends report it in one line.
 */
public final class NetworkTooLargeException extends IllegalStateException {

    /** Thread {@code thread} of {@code threads} would hold more than {@code limit} synapses. */
    NetworkTooLargeException(int thread, int threads, long limit) {
        super(String.format(java.util.Locale.ROOT, "the network has more than %,d synapses on thread %d of %d,"
                + " more than one thread's tables can index (2^31), and over %.1f GB of synapse tables on that"
                + " thread alone (at least 11 bytes per synapse while building); make the network smaller or"
                + " sparser, or use more threads and the memory for them", limit, thread, threads,
                limit * 11 / 1e9));
    }
}
