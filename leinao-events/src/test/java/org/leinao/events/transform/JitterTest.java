package org.leinao.events.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/**
 * The jitters truncate toward zero, as Tonic's float-to-integer field assignment does
 * ({@code tonic/functional/spatial_jitter.py}, {@code time_jitter.py}), and clip on the truncated
 * values. Each case takes the first Gaussian of the seed's {@link Random} (the one the jitter draws
 * for the first event) and scales the standard deviation so that the shift is a chosen fraction:
 * the expected values are those of truncation, and rounding gives different ones.
 */
class JitterTest {

    /** Seed 11's first two Gaussians: 1.627... (> 0) and -0.513... (< 0). */
    private static final long SEED = 11;
    private static final double G1;
    private static final double G2;

    static {
        Random r = new Random(SEED);
        G1 = r.nextGaussian();
        G2 = r.nextGaussian();
    }

    private static EventRecording events(long[] t, int[] x, int[] y) {
        EventBatch b = new EventBatch(t.length);
        for (int i = 0; i < t.length; i++) {
            b.add(t[i], x[i], y[i], 1);
        }
        return new EventRecording(new SensorSize(10, 8), b);
    }

    @Test
    void theSeedGivesAPositiveThenANegativeShift() {
        assertThat(G1).isBetween(1.6, 1.7);
        assertThat(G2).isBetween(-0.6, -0.5);
    }

    @Test
    void timeJitterTruncatesTowardZero() {
        // one event, one Gaussian: 5 + 1.6 = 6.6 -> 6 (rounding: 7)
        EventRecording j = Augment.timeJitter(events(new long[] {5}, new int[] {1}, new int[] {1}), 1.6 / G1, true,
                false, SEED);
        assertThat(j.events().t()[0]).isEqualTo(6);
    }

    /** The second event draws G2: 0 - 0.7 truncates to 0, which is not negative (rounding: -1, dropped). */
    @Test
    void clipNegativeJudgesTheTruncatedTime() {
        EventRecording in = events(new long[] {5, 0}, new int[] {1, 2}, new int[] {1, 1});
        EventRecording j = Augment.timeJitter(in, 0.7 / -G2, true, false, SEED);
        assertThat(j.size()).isEqualTo(2);
        assertThat(j.events().t()[1]).isZero();
        // 0 - 1.2 -> -1: dropped with clipNegative, kept as -1 without
        assertThat(Augment.timeJitter(in, 1.2 / -G2, true, false, SEED).size()).isEqualTo(1);
        EventRecording kept = Augment.timeJitter(in, 1.2 / -G2, false, false, SEED);
        assertThat(kept.events().t()[1]).isEqualTo(-1);
    }

    /** var_y = sigma_xy = 0: x moves by sqrt(var_x)·G1; var_x = 0: y moves by sqrt(var_y)·G2. */
    @Test
    void spatialJitterTruncatesTowardZero() {
        double sd = 1.6 / G1;
        EventRecording j = Augment.spatialJitter(events(new long[] {0}, new int[] {5}, new int[] {3}), sd * sd, 0, 0,
                true, SEED);
        // 5 + 1.6 = 6.6 -> 6 (rounding: 7)
        assertThat(j.events().x()[0]).isEqualTo((short) 6);
        assertThat(j.events().y()[0]).isEqualTo((short) 3);
    }

    /**
     * Tonic clips on the truncated coordinates: x = 9 (the last of 10 columns) + 0.7 is 9 and y = 0 -
     * 0.7 is 0, both on the sensor; rounding would drop both.
     */
    @Test
    void clipOutliersJudgesTheTruncatedCoordinates() {
        EventRecording edge = events(new long[] {0}, new int[] {9}, new int[] {0});
        double sx = 0.7 / G1;
        assertThat(Augment.spatialJitter(edge, sx * sx, 0, 0, true, SEED).events().x()[0]).isEqualTo((short) 9);
        double sy = 0.7 / -G2;
        EventRecording j = Augment.spatialJitter(edge, 0, sy * sy, 0, true, SEED);
        assertThat(j.size()).isEqualTo(1);
        assertThat(j.events().y()[0]).isZero();
        double far = 1.5 / G1;
        assertThat(Augment.spatialJitter(edge, far * far, 0, 0, true, SEED).size()).isZero();
    }

    /** Without clip_outliers Tonic keeps a jittered event where it lands, off the sensor: no clamping. */
    @Test
    void withoutClipOutliersEventsOffTheSensorKeepTheirCoordinates() {
        EventRecording in = events(new long[] {0}, new int[] {8}, new int[] {1});
        double sx = 2.5 / G1;
        // 8 + 2.5 = 10.5 -> 10, beyond the 10 columns (clamping would give 9)
        assertThat(Augment.spatialJitter(in, sx * sx, 0, 0, false, SEED).events().x()[0]).isEqualTo((short) 10);
        double sy = 2.5 / -G2;
        // 1 - 2.5 = -1.5 -> -1 (clamping would give 0)
        assertThat(Augment.spatialJitter(in, 0, sy * sy, 0, false, SEED).events().y()[0]).isEqualTo((short) -1);
    }

    /** Such events are refused by the representations that index pixels (x = 10 would count in the next row). */
    @Test
    void representationsRefuseEventsOffTheSensor() {
        EventRecording in = events(new long[] {0}, new int[] {8}, new int[] {1});
        double sx = 2.5 / G1;
        EventRecording off = Augment.spatialJitter(in, sx * sx, 0, 0, false, SEED);
        String expected = "event 0 at x 10, y 1, polarity 1 is not on the " + off.sensor() + " sensor";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.leinao.events.represent.Frames.histogram(off))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("frames: " + expected);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.leinao.events.represent.VoxelGrid.of(off, 2))
                .hasMessageStartingWith("voxel grid: " + expected);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.leinao.events.represent.TimeSurface.of(off, 10, 5))
                .hasMessageStartingWith("time surface: " + expected);
        // on the sensor: counted where it is
        assertThat(org.leinao.events.represent.Frames.histogram(in).at(0, 1, 1, 8)).isEqualTo(1);
    }
}
