package org.leinao.events.represent;

import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.transform.Slicer;

/**
 * Exponential time surfaces (Lagorce et al., "HOTS", IEEE TPAMI 2017), as Tonic's
 * {@code ToTimesurface} makes them ({@code tonic/functional/to_timesurface.py}): the events are cut
 * into windows of {@code dt} µs ({@link Slicer#byTime}, with Tonic's {@code overlap} and
 * {@code include_incomplete}); after window {@code i}, every pixel and polarity holds
 * {@code exp(-(t0 + (i + 1) dt - t_last) / tau)}, {@code t0} the first event's time and
 * {@code t_last} the pixel's most recent event so far. As in Tonic, a pixel that never fired counts
 * as having fired at time 0 (so it is 0 only when {@code t0} is many {@code tau} after 0), and the
 * sampling time steps by {@code dt} also when windows overlap. Shape {@code [windows, 2, height,
 * width]}, C order.
 */
public final class TimeSurface {

    private TimeSurface() {
    }

    /** Surfaces of windows without overlap, complete windows only (Tonic's defaults). */
    public static float[][] of(EventRecording rec, long dt, double tau) {
        return of(rec, dt, tau, 0, false);
    }

    /** Surfaces of windows of {@code dt} µs, each starting {@code dt - overlap} µs after the last. */
    public static float[][] of(EventRecording rec, long dt, double tau, long overlap, boolean includeIncomplete) {
        SensorSize s = rec.sensor();
        if (!s.isKnown() || dt <= 0 || !(tau > 0)) {
            throw new IllegalArgumentException("time surface needs a known sensor size, dt > 0 and tau > 0");
        }
        rec.requireOnSensor("time surface");
        EventBatch e = rec.events();
        if (e.size() == 0) {
            return new float[0][];
        }
        List<int[]> windows = Slicer.byTime(e, dt, overlap, includeIncomplete);
        int plane = s.width() * s.height();
        long[] last = new long[2 * plane];
        long t0 = e.t()[0];
        float[][] out = new float[windows.size()][];
        for (int k = 0; k < out.length; k++) {
            int[] w = windows.get(k);
            for (int i = w[0]; i < w[1]; i++) {
                last[e.p()[i] * plane + e.y()[i] * s.width() + e.x()[i]] = e.t()[i];
            }
            double at = t0 + (k + 1) * (double) dt;
            float[] surf = new float[2 * plane];
            for (int c = 0; c < surf.length; c++) {
                surf[c] = (float) Math.exp(-(at - last[c]) / tau);
            }
            out[k] = surf;
        }
        return out;
    }
}
