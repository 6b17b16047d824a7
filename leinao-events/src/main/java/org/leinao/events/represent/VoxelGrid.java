package org.leinao.events.represent;

import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/**
 * Voxel grid of Zhu, Yuan, Chaney, Daniilidis, "Unsupervised Event-based Learning of Optical Flow,
 * Depth, and Egomotion" (CVPR 2019), as Tonic's {@code ToVoxelGrid}: times are scaled to
 * {@code [0, bins-1]}, polarity becomes -1/+1, and each event is split linearly between the two
 * nearest bins. Shape {@code [bins, height, width]}, C order.
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
        int plane = s.width() * s.height();
        float[] grid = new float[bins * plane];
        EventBatch e = rec.events();
        int n = e.size();
        if (n == 0) {
            return grid;
        }
        long t0 = e.t()[0];
        double span = e.t()[n - 1] - t0;
        double scale = span == 0 ? 0 : (bins - 1) / span; // Tonic divides by (t_last - t_first)
        for (int i = 0; i < n; i++) {
            double ts = (e.t()[i] - t0) * scale;
            int left = (int) ts;
            double frac = ts - left;
            float pol = e.p()[i] != 0 ? 1f : -1f;
            int c = e.y()[i] * s.width() + e.x()[i];
            grid[left * plane + c] += (float) (pol * (1 - frac));
            if (left + 1 < bins) {
                grid[(left + 1) * plane + c] += (float) (pol * frac);
            }
        }
        return grid;
    }
}
