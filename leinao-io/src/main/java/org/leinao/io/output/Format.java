package org.leinao.io.output;

/**
 * Optional file formats of a run folder. {@code spikes.h5}, {@code state_<variable>.h5},
 * {@code rates.csv} and {@code summary.json} are always written; {@link #HDF5} is listed for
 * completeness and is implied.
 */
public enum Format {
    /** SONATA HDF5 spikes and state reports (always written). */
    HDF5,
    /** {@code spikes_<pop>.csv} and {@code state_<pop>_<var>.csv}. */
    CSV,
    /** {@code spikes_<pop>.npy} (structured: time_ms float64, node_id int64) and {@code state_<pop>_<var>.npy}. */
    NPY
}
