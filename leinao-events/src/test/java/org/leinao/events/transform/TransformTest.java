package org.leinao.events.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.Synthetic;

class TransformTest {

    private static EventRecording rec(long[][] ev, int w, int h) {
        EventBatch b = new EventBatch(ev.length);
        for (long[] e : ev) {
            b.add(e[0], (int) e[1], (int) e[2], (int) e[3]);
        }
        return new EventRecording(new SensorSize(w, h), b);
    }

    @Test
    void cropShiftsAndFilters() {
        EventRecording r = rec(new long[][] {{0, 1, 1, 1}, {1, 5, 5, 0}, {2, 9, 9, 1}}, 10, 10);
        EventRecording c = Spatial.centerCrop(r, 4, 4); // box [3, 7)
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.events().x()[0]).isEqualTo((short) 2);
        assertThat(c.sensor()).isEqualTo(new SensorSize(4, 4));
    }

    @Test
    void flipsAndDownsample() {
        EventRecording r = rec(new long[][] {{0, 0, 1, 1}, {10, 9, 3, 0}}, 10, 4);
        assertThat(Spatial.flipLR(r).events().x()[0]).isEqualTo((short) 9);
        assertThat(Spatial.flipUD(r).events().y()[1]).isEqualTo((short) 0);
        assertThat(Temporal.flipPolarity(r).events().p()[0]).isZero();
        EventRecording d = Spatial.downsample(r, 0.5, 0.5);
        assertThat(d.events().x()[1]).isEqualTo((short) 4);
        assertThat(d.sensor()).isEqualTo(new SensorSize(5, 2));
        assertThat(Temporal.downsampleTime(r, 0.25).events().t()[1]).isEqualTo(2);
        assertThat(Temporal.mergePolarities(r).events().p()[0]).isZero();
        assertThat(Temporal.skew(r, 2, 5).events().t()[1]).isEqualTo(25);
    }

    @Test
    void denoiseKeepsOnlySupportedEvents() {
        // (5,5) at t=100 is supported by its left neighbour at t=50 (within 100 µs);
        // (0,0) has no neighbour; (5,6) at t=1000 is too late for (5,5)'s support (expired at 200).
        EventRecording r = rec(new long[][] {{50, 4, 5, 1}, {100, 5, 5, 1}, {120, 0, 0, 1}, {1000, 5, 6, 1}}, 10, 10);
        EventRecording d = Filters.denoise(r, 100);
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.events().t()[0]).isEqualTo(100);
    }

    @Test
    void refractoryAndHotPixels() {
        EventRecording r = rec(new long[][] {{0, 1, 1, 1}, {5, 1, 1, 0}, {20, 1, 1, 1}, {21, 2, 2, 1}}, 4, 4);
        assertThat(Filters.refractory(r, 10).size()).isEqualTo(3);
        // duration 21 µs; pixel (1,1) has 3 events = 142,857 Hz, (2,2) has 1 = 47,619 Hz
        assertThat(Filters.removeHotPixels(r, 100_000).size()).isEqualTo(1);
    }

    @Test
    void dropsAreSeededAndExact() {
        EventRecording r = new EventRecording(new SensorSize(64, 64), Synthetic.events(1, 10_000, 64, 64, 0));
        EventRecording a = Augment.dropEvents(r, 0.3, 9);
        assertThat(a.size()).isEqualTo(7000);
        assertThat(a.events().contentEquals(Augment.dropEvents(r, 0.3, 9).events())).isTrue();
        assertThat(a.events().contentEquals(Augment.dropEvents(r, 0.3, 10).events())).isFalse();
        assertThat(Augment.dropPixels(r, 1.0, 1).size()).isZero();
        assertThat(Augment.dropByTime(r, 0.5, 3).size()).isLessThan(r.size());
        assertThat(Augment.dropByArea(r, 1.0, 3).size()).isZero();
        EventRecording n = Augment.uniformNoise(r, 500, 4);
        assertThat(n.size()).isEqualTo(10_500);
        assertSorted(n.events());
        EventRecording j = Augment.timeJitter(r, 100, true, true, 5);
        assertSorted(j.events());
        EventRecording s = Augment.spatialJitter(r, 2, 2, 0, false, 6);
        assertThat(s.size()).isEqualTo(r.size());
    }

    @Test
    void slicingMatchesTonicCounts() {
        EventBatch b = new EventBatch(0);
        for (int t = 0; t <= 100; t += 10) {
            b.add(t, 0, 0, 1);
        }
        // duration 100, window 30, stride 20: floor((100-30)/20)+1 = 4 windows; ceil -> 5
        List<int[]> s = Slicer.byTime(b, 30, 10, false);
        assertThat(s).hasSize(4);
        assertThat(s.get(1)).containsExactly(2, 5); // t in [20, 50)
        assertThat(Slicer.byTime(b, 30, 10, true)).hasSize(5);
        assertThat(Slicer.byCount(b, 4, 0, false)).hasSize(2);
        assertThat(Slicer.byCount(b, 4, 0, true)).hasSize(3);
        List<int[]> bins = Slicer.intoTimeBins(b, 2, 0);
        assertThat(bins.get(0)[0]).isZero();
        assertThat(bins.get(1)[1]).isEqualTo(11);
        assertThat(Slicer.intoCountBins(b, 11, 0)).allSatisfy(r -> assertThat(r[1] - r[0]).isEqualTo(1));
    }

    private static void assertSorted(EventBatch e) {
        for (int i = 1; i < e.size(); i++) {
            assertThat(e.t()[i]).isGreaterThanOrEqualTo(e.t()[i - 1]);
        }
    }
}
