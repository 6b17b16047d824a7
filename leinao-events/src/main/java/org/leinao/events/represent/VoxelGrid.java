package org.leinao.events.represent;

import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/**
 * Voxel grid of Zhu, Yuan, Chaney, Daniilidis, "Unsupervised Event-based Learning of Optical Flow,
 * Depth, and Egomotion" (CVPR 2019), as Tonic's {@code ToVoxelGrid}
 * ({@code tonic/functional/to_voxel_grid.py}): times are scaled to {@code [0, bins]} by
 * {@code bins · (t − t_first) / (t_last − t_first)}, polarity becomes -1/+1, and each event is split
 * linearly between its bin and the next, a share that falls beyond the last bin being dropped (so,
 * as in Tonic, the last event adds nothing). Shape {@code [bins, height, width]}, C order.
 */
public final class VoxelGrid {

    private VoxelGrid() {
    }

    /** The grid as a flat array of {@code bins * height * width}. */
    public static float[] of(EventRecording rec, int bins) {
        SensorSize s = rec.sensor();
        if (!s.isKnown() || bins <= 0) {
            throw new IllegalArgumentException("voxel grid needs a known sensor size and bins > 0");
        }
        rec.requireOnSensor("voxel grid");
        int plane = s.width() * s.height();
        float[] grid = new float[bins * plane];
        EventBatch e = rec.events();
        int n = e.size();
        if (n == 0) {
            return grid;
        }
        long t0 = e.t()[0];
        double span = e.t()[n - 1] - t0;
        // One instant (Tonic would divide by zero): every event in the first bin.
        double scale = span == 0 ? 0 : bins / span;
        for (int i = 0; i < n; i++) {
            double ts = (e.t()[i] - t0) * scale;
            int left = (int) ts;
            double frac = ts - left;
            float pol = e.p()[i] != 0 ? 1f : -1f;
            int c = e.y()[i] * s.width() + e.x()[i];
            if (left < bins) {
                grid[left * plane + c] += (float) (pol * (1 - frac));
            }
            if (left + 1 < bins) {
                grid[(left + 1) * plane + c] += (float) (pol * frac);
            }
        }
        return grid;
    }
}
