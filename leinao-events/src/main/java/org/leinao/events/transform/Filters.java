package org.leinao.events.transform;

import java.util.Arrays;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/** Noise filters: nearest-neighbour denoise, refractory period, hot pixels (Tonic {@code Denoise}, {@code RefractoryPeriod}, {@code functional.identify_hot_pixel}). */
public final class Filters {

    private Filters() {
    }

    /**
     * Background-activity filter (Delbruck 2008, Tonic {@code Denoise(filter_time)}): an event is kept
     * only when one of its four neighbours (left, right, up, down) had an event within the last
     * {@code filterTime} µs. Each event, kept or not, refreshes the support of its own pixel. As in
     * Tonic ({@code tonic/functional/denoise.py}: {@code timestamp_memory = zeros + filter_time}),
     * every pixel starts supported until {@code filterTime}, so events before then are kept.
     */
    public static EventRecording denoise(EventRecording rec, long filterTime) {
        SensorSize s = Spatial.requireKnown(rec);
        int w = s.width() + 2; // one pixel of padding on each side avoids bounds checks
        long[] until = new long[w * (s.height() + 2)];
        Arrays.fill(until, Long.MIN_VALUE);
        for (int yy = 1; yy <= s.height(); yy++) {
            Arrays.fill(until, yy * w + 1, yy * w + 1 + s.width(), filterTime);
        }
        EventBatch in = rec.events();
        EventBatch out = in.copy();
        long[] t = out.t();
        short[] x = out.x();
        short[] y = out.y();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            int c = (y[i] + 1) * w + x[i] + 1;
            long ti = t[i];
            until[c] = ti + filterTime;
            if (until[c - 1] > ti || until[c + 1] > ti || until[c - w] > ti || until[c + w] > ti) {
                out.move(i, n++);
            }
        }
        out.setSize(n);
        return new EventRecording(s, out);
    }

    /**
     * Tonic {@code RefractoryPeriod(delta)} ({@code tonic/functional/refractory_period.py}): keeps an
     * event when the previous event of the same pixel (either polarity, kept or not) is more than
     * {@code delta} µs older; every pixel starts with a previous event at {@code -delta}, so, as in
     * Tonic, an event at t ≤ 0 is dropped.
     */
    public static EventRecording refractory(EventRecording rec, long delta) {
        SensorSize s = Spatial.requireKnown(rec);
        long[] last = new long[s.width() * s.height()];
        Arrays.fill(last, -delta);
        EventBatch out = rec.events().copy();
        long[] t = out.t();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            int c = out.y()[i] * s.width() + out.x()[i];
            boolean keep = t[i] - last[c] > delta;
            last[c] = t[i];
            if (keep) {
                out.move(i, n++);
            }
        }
        out.setSize(n);
        return new EventRecording(s, out);
    }

    /**
     * Removes hot pixels: those whose event rate over the recording exceeds {@code maxRateHz}
     * (Tonic {@code identify_hot_pixel(events, sensor_size, hot_pixel_frequency)} then
     * {@code drop_pixel}).
     */
    public static EventRecording removeHotPixels(EventRecording rec, double maxRateHz) {
        SensorSize s = Spatial.requireKnown(rec);
        EventBatch in = rec.events();
        if (in.size() == 0) {
            return rec.copy();
        }
        int[] count = new int[s.width() * s.height()];
        for (int i = 0; i < in.size(); i++) {
            count[in.y()[i] * s.width() + in.x()[i]]++;
        }
        double seconds = Math.max(1, in.t()[in.size() - 1] - in.t()[0]) * 1e-6;
        double limit = maxRateHz * seconds;
        EventBatch out = in.copy();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            if (count[out.y()[i] * s.width() + out.x()[i]] <= limit) {
                out.move(i, n++);
            }
        }
        out.setSize(n);
        return new EventRecording(s, out);
    }
}
