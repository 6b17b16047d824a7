package org.leinao.events.synth;

import java.util.Arrays;
import java.util.Random;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;

/**
 * Turns a sequence of grey-scale frames into events, frame pair by frame pair.
 *
 * <p>Per pixel the model keeps a reference log intensity {@code ref}, set from the first frame.
 * Between frames at {@code t0} and {@code t1} the log intensity is taken to move linearly from
 * {@code L0} to {@code L1}; each time it crosses {@code ref + onThreshold} an ON event is emitted at
 * the interpolated crossing time and {@code ref} moves up by the threshold (OFF likewise downwards),
 * so a large change gives several events spread over the interval, as ESIM does. An event closer
 * than {@code refractory} µs to the pixel's previous event is suppressed (the reference still moves,
 * so the change is not emitted later as a burst). Optional shot noise adds events at
 * {@code noiseRateHz} per pixel with random polarity and uniform times. Events of one interval are
 * sorted by time (stable, so ties keep pixel order) before they are returned.
 */
public final class ContrastModel {

    /** Added to intensities in [0, 1] before the logarithm, so that black is finite. */
    public static final double LOG_EPS = 1e-3;

    private final SensorSize sensor;
    private final double onThreshold;
    private final double offThreshold;
    private final long refractory;
    private final double noiseRateHz;
    private final Random random;
    private final double[] ref;
    private final double[] prevLog;
    private final long[] lastEvent;
    private long prevTime = Long.MIN_VALUE;

    /**
     * @param onThreshold  log-intensity step for an ON event (e.g. 0.2)
     * @param offThreshold log-intensity step for an OFF event, positive (e.g. 0.2)
     * @param refractory   minimum µs between two events of a pixel (0 = none)
     * @param noiseRateHz  shot-noise events per pixel per second (0 = none)
     * @param seed         seed of the noise
     */
    public ContrastModel(SensorSize sensor, double onThreshold, double offThreshold, long refractory,
            double noiseRateHz, long seed) {
        if (!sensor.isKnown()) {
            throw new IllegalArgumentException("sensor: expected a known size, got " + sensor);
        }
        if (!(onThreshold > 0) || Double.isInfinite(onThreshold)) {
            throw new IllegalArgumentException("onThreshold: expected a log-intensity step > 0, got " + onThreshold);
        }
        if (!(offThreshold > 0) || Double.isInfinite(offThreshold)) {
            throw new IllegalArgumentException("offThreshold: expected a log-intensity step > 0, got " + offThreshold);
        }
        if (refractory < 0) {
            throw new IllegalArgumentException("refractory: expected >= 0 µs, got " + refractory);
        }
        if (!(noiseRateHz >= 0) || Double.isInfinite(noiseRateHz)) {
            throw new IllegalArgumentException("noiseRateHz: expected a rate >= 0 Hz, got " + noiseRateHz);
        }
        this.sensor = sensor;
        this.onThreshold = onThreshold;
        this.offThreshold = offThreshold;
        this.refractory = refractory;
        this.noiseRateHz = noiseRateHz;
        this.random = new Random(seed);
        int n = sensor.width() * sensor.height();
        ref = new double[n];
        prevLog = new double[n];
        lastEvent = new long[n];
        Arrays.fill(lastEvent, Long.MIN_VALUE / 2);
    }

    /**
     * Feeds the next frame.
     *
     * @param intensity row-major grey values in [0, 1], {@code width * height} of them
     * @param time      frame time in µs, later than the previous frame's
     * @param out       receives the events between the previous frame and this one (appended)
     */
    public void frame(float[] intensity, long time, EventBatch out) {
        int n = ref.length;
        if (intensity.length != n) {
            throw new IllegalArgumentException("frame has " + intensity.length + " pixels, sensor " + sensor + " has " + n);
        }
        if (prevTime == Long.MIN_VALUE) {
            for (int i = 0; i < n; i++) {
                ref[i] = prevLog[i] = Math.log(intensity[i] + LOG_EPS);
            }
            prevTime = time;
            return;
        }
        if (time <= prevTime) {
            throw new IllegalArgumentException("frame time " + time + " not after the previous " + prevTime);
        }
        long t0 = prevTime;
        double dt = time - t0;
        int w = sensor.width();
        int start = out.size();
        for (int i = 0; i < n; i++) {
            double l0 = prevLog[i];
            double l1 = Math.log(intensity[i] + LOG_EPS);
            double r = ref[i];
            double slope = l1 - l0;
            while (l1 - r >= onThreshold) {
                r += onThreshold;
                emit(out, i, w, t0 + Math.round((r - l0) / slope * dt), 1);
            }
            while (r - l1 >= offThreshold) {
                r -= offThreshold;
                emit(out, i, w, t0 + Math.round((r - l0) / slope * dt), 0);
            }
            ref[i] = r;
            prevLog[i] = l1;
        }
        if (noiseRateHz > 0) {
            double expected = noiseRateHz * n * dt * 1e-6;
            long count = poisson(expected);
            for (long k = 0; k < count; k++) {
                int i = random.nextInt(n);
                emit(out, i, w, t0 + 1 + (long) (random.nextDouble() * (dt - 1)), random.nextInt(2));
            }
        }
        sortTail(out, start);
        prevTime = time;
    }

    private void emit(EventBatch out, int pixel, int w, long t, int p) {
        if (t - lastEvent[pixel] < refractory) {
            return;
        }
        lastEvent[pixel] = t;
        out.add(t, pixel % w, pixel / w, p);
    }

    private long poisson(double mean) {
        if (mean > 50) { // normal approximation keeps this O(1) for large sensors
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double l = Math.exp(-mean);
        long k = 0;
        double p = random.nextDouble();
        while (p > l) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    private static void sortTail(EventBatch out, int start) {
        EventBatch tail = new EventBatch(out.size() - start);
        tail.addRange(out, start, out.size());
        tail.sortByTime();
        out.setSize(start);
        out.addAll(tail);
    }
}
