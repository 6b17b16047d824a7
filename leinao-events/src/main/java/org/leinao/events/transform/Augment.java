package org.leinao.events.transform;

import java.util.Random;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/**
 * Random augmentations with Tonic's semantics ({@code DropEvent}, {@code DropPixel},
 * {@code DropEventByTime}, {@code DropEventByArea}, {@code SpatialJitter}, {@code TimeJitter},
 * {@code UniformNoise}). Each takes a seed; the same seed and input give the same output.
 */
public final class Augment {

    private Augment() {
    }

    /** Drops exactly {@code round(fraction * n)} events chosen uniformly without replacement. */
    public static EventRecording dropEvents(EventRecording rec, double fraction, long seed) {
        checkFraction(fraction);
        int n = rec.size();
        int drop = (int) (fraction * n + 0.5);
        boolean[] gone = new boolean[n];
        Random r = new Random(seed);
        // Floyd's sampling: 'drop' distinct indices in O(drop)
        for (int j = n - drop; j < n; j++) {
            int k = r.nextInt(j + 1);
            if (gone[k]) {
                k = j;
            }
            gone[k] = true;
        }
        return keep(rec, gone);
    }

    /** Removes every event of a random {@code fraction} of the sensor's pixels. */
    public static EventRecording dropPixels(EventRecording rec, double fraction, long seed) {
        checkFraction(fraction);
        SensorSize s = Spatial.requireKnown(rec);
        Random r = new Random(seed);
        boolean[] dead = new boolean[s.width() * s.height()];
        for (int i = 0; i < dead.length; i++) {
            dead[i] = r.nextDouble() < fraction;
        }
        EventBatch e = rec.events();
        boolean[] gone = new boolean[e.size()];
        for (int i = 0; i < e.size(); i++) {
            gone[i] = dead[e.y()[i] * s.width() + e.x()[i]];
        }
        return keep(rec, gone);
    }

    /** Drops the events of one random interval lasting {@code ratio} of the recording. */
    public static EventRecording dropByTime(EventRecording rec, double ratio, long seed) {
        checkFraction(ratio);
        EventBatch e = rec.events();
        if (e.size() == 0) {
            return rec.copy();
        }
        long t0 = e.t()[0];
        long span = e.t()[e.size() - 1] - t0;
        long len = (long) (ratio * span);
        long start = t0 + (long) (new Random(seed).nextDouble() * (span - len));
        boolean[] gone = new boolean[e.size()];
        for (int i = 0; i < e.size(); i++) {
            gone[i] = e.t()[i] >= start && e.t()[i] < start + len;
        }
        return keep(rec, gone);
    }

    /** Drops the events in one random box whose sides are {@code ratio} of the sensor's. */
    public static EventRecording dropByArea(EventRecording rec, double ratio, long seed) {
        checkFraction(ratio);
        SensorSize s = Spatial.requireKnown(rec);
        Random r = new Random(seed);
        int bw = (int) (ratio * s.width());
        int bh = (int) (ratio * s.height());
        int x0 = r.nextInt(s.width() - bw + 1);
        int y0 = r.nextInt(s.height() - bh + 1);
        EventBatch e = rec.events();
        boolean[] gone = new boolean[e.size()];
        for (int i = 0; i < e.size(); i++) {
            int x = e.x()[i] - x0;
            int y = e.y()[i] - y0;
            gone[i] = x >= 0 && y >= 0 && x < bw && y < bh;
        }
        return keep(rec, gone);
    }

    /**
     * Tonic {@code SpatialJitter}: adds correlated Gaussian noise with covariance {@code [[varX,
     * sigmaXY], [sigmaXY, varY]]} to (x, y), truncated toward zero as Tonic's assignment of the float
     * sum to the integer x and y fields truncates ({@code tonic/functional/spatial_jitter.py}): 4.9
     * becomes 4 and -0.7 becomes 0. With {@code clipOutliers}, events whose truncated coordinates lie
     * off the sensor are dropped; without, they are kept where the jitter put them, off the sensor,
     * as in Tonic (a representation then needs them clipped first).
     *
     * @throws IllegalArgumentException when a kept coordinate leaves the 16-bit range of
     *                                  {@link EventBatch#x()}
     */
    public static EventRecording spatialJitter(EventRecording rec, double varX, double varY, double sigmaXY,
            boolean clipOutliers, long seed) {
        SensorSize s = Spatial.requireKnown(rec);
        // Cholesky factor of the 2x2 covariance
        double l11 = Math.sqrt(varX);
        double l21 = l11 == 0 ? 0 : sigmaXY / l11;
        double l22 = Math.sqrt(Math.max(0, varY - l21 * l21));
        Random r = new Random(seed);
        EventBatch out = rec.events().copy();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            double g1 = r.nextGaussian();
            double g2 = r.nextGaussian();
            // a double-to-long cast truncates toward zero, as numpy's float-to-int assignment
            long x = (long) (out.x()[i] + l11 * g1);
            long y = (long) (out.y()[i] + l21 * g1 + l22 * g2);
            if (x < 0 || y < 0 || x >= s.width() || y >= s.height()) {
                if (clipOutliers) {
                    continue;
                }
                if (x != (short) x || y != (short) y) {
                    throw new IllegalArgumentException("event " + i + ": jittered to (" + x + ", " + y
                            + "), beyond 16-bit coordinates; use clipOutliers or a smaller variance");
                }
            }
            out.move(i, n);
            out.x()[n] = (short) x;
            out.y()[n] = (short) y;
            n++;
        }
        out.setSize(n);
        return new EventRecording(s, out);
    }

    /**
     * Tonic {@code TimeJitter}: adds Gaussian noise of standard deviation {@code std} µs to each
     * time, truncated toward zero as Tonic's assignment to the integer t field truncates
     * ({@code tonic/functional/time_jitter.py}): 5.6 becomes 5 and -0.7 becomes 0, which is not
     * negative. With {@code clipNegative}, events whose truncated time is negative are dropped;
     * without, they are kept. Re-sorts by time when {@code sortTimestamps} (stably; Tonic's
     * {@code argsort} may order equal times either way).
     */
    public static EventRecording timeJitter(EventRecording rec, double std, boolean clipNegative,
            boolean sortTimestamps, long seed) {
        Random r = new Random(seed);
        EventBatch out = rec.events().copy();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            long t = (long) (out.t()[i] + std * r.nextGaussian());
            if (clipNegative && t < 0) {
                continue;
            }
            out.move(i, n);
            out.t()[n] = t;
            n++;
        }
        out.setSize(n);
        if (sortTimestamps) {
            out.sortByTime();
        }
        return new EventRecording(rec.sensor(), out);
    }

    /**
     * Tonic {@code UniformNoise(n)}: adds {@code count} events uniformly distributed over the sensor,
     * both polarities and the recording's time span, then sorts by time.
     */
    public static EventRecording uniformNoise(EventRecording rec, int count, long seed) {
        SensorSize s = Spatial.requireKnown(rec);
        EventBatch e = rec.events();
        long t0 = e.size() == 0 ? 0 : e.t()[0];
        long t1 = e.size() == 0 ? 1 : e.t()[e.size() - 1] + 1;
        Random r = new Random(seed);
        EventBatch out = e.copy();
        out.ensureCapacity(e.size() + count);
        for (int i = 0; i < count; i++) {
            out.add(t0 + (long) (r.nextDouble() * (t1 - t0)), r.nextInt(s.width()), r.nextInt(s.height()), r.nextInt(2));
        }
        out.sortByTime();
        return new EventRecording(s, out);
    }

    private static EventRecording keep(EventRecording rec, boolean[] gone) {
        EventBatch out = rec.events().copy();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            if (!gone[i]) {
                out.move(i, n++);
            }
        }
        out.setSize(n);
        return new EventRecording(rec.sensor(), out);
    }

    private static void checkFraction(double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException("fraction must be within 0..1, got " + f);
        }
    }
}
