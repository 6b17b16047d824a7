package org.leinao.events.represent;

import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.transform.Slicer;

/**
 * Event counts per pixel and polarity (Tonic {@code ToFrame} and {@code ToImage}). A frame stack has
 * shape {@code [frames, polarities, height, width]} in C order: element
 * {@code ((f * P + p) * H + y) * W + x}. With {@code mergePolarities} there is one channel.
 *
 * @param counts the flat array
 * @param frames number of frames
 * @param channels 2 (OFF, ON) or 1
 * @param height sensor rows
 * @param width sensor columns
 */
public record Frames(int[] counts, int frames, int channels, int height, int width) {

    /** Count at (frame, channel, y, x). */
    public int at(int f, int c, int y, int x) {
        return counts[((f * channels + c) * height + y) * width + x];
    }

    /** One frame per slice: slices come from {@link Slicer}. */
    public static Frames of(EventRecording rec, List<int[]> slices, boolean mergePolarities) {
        SensorSize s = rec.sensor();
        if (!s.isKnown()) {
            throw new IllegalArgumentException("frames need the sensor size; the recording has none");
        }
        rec.requireOnSensor("frames");
        int ch = mergePolarities ? 1 : 2;
        int plane = s.width() * s.height();
        long total = (long) slices.size() * ch * plane;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(slices.size() + " frames of " + s + " are too many for one array");
        }
        int[] out = new int[(int) total];
        EventBatch e = rec.events();
        short[] x = e.x();
        short[] y = e.y();
        byte[] p = e.p();
        int w = s.width();
        for (int f = 0; f < slices.size(); f++) {
            int[] r = slices.get(f);
            int base = f * ch * plane;
            for (int i = r[0]; i < r[1]; i++) {
                int c = mergePolarities ? 0 : p[i];
                out[base + c * plane + y[i] * w + x[i]]++;
            }
        }
        return new Frames(out, slices.size(), ch, s.height(), s.width());
    }

    /** Frames of {@code window} µs (Tonic {@code ToFrame(time_window=…)}). */
    public static Frames byTime(EventRecording rec, long window, long overlap, boolean includeIncomplete) {
        return of(rec, Slicer.byTime(rec.events(), window, overlap, includeIncomplete), false);
    }

    /** Frames of {@code count} events each (Tonic {@code ToFrame(event_count=…)}). */
    public static Frames byCount(EventRecording rec, int count, int overlap, boolean includeIncomplete) {
        return of(rec, Slicer.byCount(rec.events(), count, overlap, includeIncomplete), false);
    }

    /** {@code n} frames of equal duration (Tonic {@code ToFrame(n_time_bins=…)}). */
    public static Frames intoTimeBins(EventRecording rec, int n, double overlap) {
        return of(rec, Slicer.intoTimeBins(rec.events(), n, overlap), false);
    }

    /** {@code n} frames of equal event count (Tonic {@code ToFrame(n_event_bins=…)}). */
    public static Frames intoCountBins(EventRecording rec, int n, double overlap) {
        return of(rec, Slicer.intoCountBins(rec.events(), n, overlap), false);
    }

    /** The event histogram: one frame of all events, per polarity (Tonic {@code ToImage}). */
    public static Frames histogram(EventRecording rec) {
        return of(rec, List.of(new int[] {0, rec.size()}), false);
    }
}
