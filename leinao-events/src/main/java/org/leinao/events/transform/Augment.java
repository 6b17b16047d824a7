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
     * Adds correlated Gaussian noise to (x, y) with covariance {@code [[varX, sigmaXY], [sigmaXY,
     * varY]]}, rounded to the nearest pixel; events pushed off the sensor are dropped when
     * {@code clipOutliers}, else clamped to the border.
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
            long x = Math.round(out.x()[i] + l11 * g1);
            long y = Math.round(out.y()[i] + l21 * g1 + l22 * g2);
            if (x < 0 || y < 0 || x >= s.width() || y >= s.height()) {
                if (clipOutliers) {
                    continue;
                }
                x = Math.clamp(x, 0, s.width() - 1);
                y = Math.clamp(y, 0, s.height() - 1);
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
     * Adds Gaussian noise of standard deviation {@code std} µs to each time (rounded); drops events
     * that would get a negative time when {@code clipNegative}; re-sorts by time when
     * {@code sortTimestamps} (Tonic {@code TimeJitter}).
     */
    public static EventRecording timeJitter(EventRecording rec, double std, boolean clipNegative,
            boolean sortTimestamps, long seed) {
        Random r = new Random(seed);
        EventBatch out = rec.events().copy();
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            long t = Math.round(out.t()[i] + std * r.nextGaussian());
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
