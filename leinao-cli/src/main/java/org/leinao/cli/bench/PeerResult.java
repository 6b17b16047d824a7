package org.leinao.cli.bench;

/**
 * What the Brian2 peer reported for one configuration.
 *
 * @param simLoop Brian2's own timing of the simulation loop (s)
 * @param rate mean rate (Hz)
 * @param synapses synapse count
 * @param rssKb peak RSS of the standalone binary (kB), or -1
 * @param wholeSeconds whole ./main run (standalone), or -1
 */
record PeerResult(double simLoop, double rate, long synapses, long rssKb, double wholeSeconds) {
}
