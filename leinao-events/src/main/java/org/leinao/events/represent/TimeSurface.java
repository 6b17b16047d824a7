package org.leinao.events.represent;

import java.util.Arrays;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/**
 * Exponential time surfaces (Lagorce et al., "HOTS", IEEE TPAMI 2017; Tonic {@code ToTimesurface}):
 * at the end of each window of {@code dt} µs, every pixel and polarity holds
 * {@code exp(-(t_end - t_last) / tau)} for its most recent event {@code t_last} (0 when it never
 * fired). Shape {@code [windows, 2, height, width]}, C order.
 */
public final class TimeSurface {

    private TimeSurface() {
    }

    /** Surfaces sampled at {@code t0 + dt, t0 + 2 dt, ...} until the last event is covered. */
    public static float[][] of(EventRecording rec, long dt, double tau) {
        SensorSize s = rec.sensor();
        if (!s.isKnown() || dt <= 0 || !(tau > 0)) {
            throw new IllegalArgumentException("time surface needs a known sensor size, dt > 0 and tau > 0");
        }
        rec.requireOnSensor("time surface");
        EventBatch e = rec.events();
        int n = e.size();
        if (n == 0) {
            return new float[0][];
        }
        int plane = s.width() * s.height();
        long[] last = new long[2 * plane];
        Arrays.fill(last, Long.MIN_VALUE);
        long t0 = e.t()[0];
        int windows = (int) Math.min(Integer.MAX_VALUE, (e.t()[n - 1] - t0) / dt + 1);
        float[][] out = new float[windows][];
        int i = 0;
        for (int k = 0; k < windows; k++) {
            long end = t0 + (k + 1) * dt;
            while (i < n && e.t()[i] < end) {
                last[e.p()[i] * plane + e.y()[i] * s.width() + e.x()[i]] = e.t()[i];
                i++;
            }
            float[] surf = new float[2 * plane];
            for (int c = 0; c < surf.length; c++) {
                if (last[c] != Long.MIN_VALUE) {
                    surf[c] = (float) Math.exp(-(end - last[c]) / tau);
                }
            }
            out[k] = surf;
        }
        return out;
    }
}
