package org.leinao.io.output;

/**
 * Facts about a run that the {@link org.leinao.engine.record.Result} does not carry; they go into
 * {@code summary.json}. Times in seconds, memory in bytes.
 *
 * @param name network name
 * @param seed master seed
 * @param threads worker threads
 * @param dtMs resolution in ms
 * @param durationMs simulated time in ms
 * @param neurons total number of neurons
 * @param synapses total number of synapses
 * @param buildSeconds wall-clock seconds spent building the network
 * @param simulateSeconds wall-clock seconds spent in the simulation loop
 * @param realTimeFactor simulateSeconds / simulated seconds (below 1 is faster than real time)
 * @param peakHeapBytes peak Java heap in use, in bytes
 * @param bytesPerSynapse memory of the synapse tables divided by the synapse count
 * @param version Leinao version string
 */
public record RunInfo(String name, long seed, int threads, double dtMs, double durationMs, long neurons,
        long synapses, double buildSeconds, double simulateSeconds, double realTimeFactor, long peakHeapBytes,
        double bytesPerSynapse, String version) {

    /** Rejects a missing name or version. */
    public RunInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: expected a run name, got " + (name == null ? "null" : "\"\""));
        }
        if (version == null) {
            version = "unknown";
        }
    }
}
