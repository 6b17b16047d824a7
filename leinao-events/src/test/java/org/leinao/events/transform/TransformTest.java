package org.leinao.events.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // As Tonic, every pixel starts supported until filter_time (100): (4,5) at t=50 is kept;
        // (5,5) at t=100 is supported by its left neighbour at t=50 (within 100 µs); (0,0) at 120
        // has no neighbour since 100; (5,6) at t=1000 is too late for (5,5)'s support (expired at 200).
        EventRecording r = rec(new long[][] {{50, 4, 5, 1}, {100, 5, 5, 1}, {120, 0, 0, 1}, {1000, 5, 6, 1}}, 10, 10);
        EventRecording d = Filters.denoise(r, 100);
        assertThat(d.events().t()).startsWith(50L, 100L);
        assertThat(d.size()).isEqualTo(2);
    }

    @Test
    void refractoryAndHotPixels() {
        EventRecording r = rec(new long[][] {{0, 1, 1, 1}, {5, 1, 1, 0}, {20, 1, 1, 1}, {21, 2, 2, 1}}, 4, 4);
        // As Tonic: (1,1) at 0 is not more than 10 µs after the initial -10; at 5 not after 0; at 20
        // more than 10 after 5 (the dropped event counts); (2,2) at 21 is kept.
        assertThat(Filters.refractory(r, 10).events().t()).startsWith(20L, 21L);
        assertThat(Filters.refractory(r, 10).size()).isEqualTo(2);
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
        // Tonic's SliceByTimeBins: window (100 - 0) // 2 = 50, [0, 50) and [50, 100): t = 100 is in neither.
        assertThat(Slicer.intoTimeBins(b, 2, 0)).containsExactly(new int[] {0, 5}, new int[] {5, 10});
        assertThat(Slicer.intoCountBins(b, 11, 0)).allSatisfy(r -> assertThat(r[1] - r[0]).isEqualTo(1));
        // SliceByEventCount clamps the count to the recording: one slice of everything.
        assertThat(Slicer.byCount(b, 100, 0, false)).containsExactly(new int[] {0, 11});
    }

    @Test
    void binsMatchTonicsFormulas() {
        // Values from tonic/slicers.py (SliceByTimeBins, SliceByEventBins) on t = 0, 10, ..., 90.
        EventBatch b = new EventBatch(0);
        for (int t = 0; t < 100; t += 10) {
            b.add(t, 0, 0, 1);
        }
        assertThat(Slicer.intoTimeBins(b, 3, 0)).containsExactly(new int[] {0, 3}, new int[] {3, 6}, new int[] {6, 9});
        assertThat(Slicer.intoTimeBins(b, 3, 0.5)).containsExactly(new int[] {0, 5}, new int[] {3, 7},
                new int[] {5, 9});
        assertThat(Slicer.intoCountBins(b, 3, 0)).containsExactly(new int[] {0, 3}, new int[] {3, 6},
                new int[] {6, 9});
        assertThat(Slicer.intoCountBins(b, 3, 0.5)).containsExactly(new int[] {0, 4}, new int[] {2, 6},
                new int[] {4, 8});
        assertThatThrownBy(() -> Slicer.intoCountBins(b, 3, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overlap: expected a fraction in [0, 1), got 1.5");
    }

    @Test
    void denoiseAndRefractoryMatchTonic() {
        // tonic/functional/denoise.py: every pixel starts supported until filter_time.
        EventBatch d = new EventBatch(0);
        d.add(100, 0, 0, 1);
        d.add(200, 2, 2, 1);
        d.add(300, 3, 3, 1);
        assertThat(Filters.denoise(new EventRecording(new SensorSize(4, 4), d), 10_000).events().size()).isEqualTo(3);
        // tonic/functional/refractory_period.py: keep when t - previous event of the pixel > delta,
        // the previous event counted whether kept or not, starting at -delta.
        EventBatch r = new EventBatch(0);
        for (long t : new long[] {0, 6, 10, 12, 18}) {
            r.add(t, 1, 1, 1);
        }
        assertThat(Filters.refractory(new EventRecording(new SensorSize(4, 4), r), 10).events().size()).isZero();
        EventBatch r2 = new EventBatch(0);
        for (long t : new long[] {0, 11, 22}) {
            r2.add(t, 1, 1, 1);
        }
        assertThat(Filters.refractory(new EventRecording(new SensorSize(4, 4), r2), 10).events().t())
                .startsWith(11L, 22L);
    }

    private static void assertSorted(EventBatch e) {
        for (int i = 1; i < e.size(); i++) {
            assertThat(e.t()[i]).isGreaterThanOrEqualTo(e.t()[i - 1]);
        }
    }
}
