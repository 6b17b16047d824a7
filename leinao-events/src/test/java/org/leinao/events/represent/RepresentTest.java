package org.leinao.events.represent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

class RepresentTest {

    private static EventRecording rec() {
        EventBatch b = new EventBatch(0);
        b.add(0, 1, 0, 1);
        b.add(50, 1, 0, 1);
        b.add(100, 2, 1, 0);
        return new EventRecording(new SensorSize(3, 2), b);
    }

    @Test
    void framesCountPerPolarity() {
        Frames f = Frames.byTime(rec(), 60, 0, true);
        assertThat(f.frames()).isEqualTo(2);
        assertThat(f.at(0, 1, 0, 1)).isEqualTo(2);
        assertThat(f.at(1, 0, 1, 2)).isEqualTo(1);
        Frames h = Frames.histogram(rec());
        assertThat(h.frames()).isEqualTo(1);
        assertThat(h.counts()).hasSize(2 * 2 * 3);
    }

    @Test
    void voxelGridSplitsLinearlyBetweenBins() {
        // As tonic/functional/to_voxel_grid.py: t scaled by 3 / 100 to 0, 1.5, 3.
        float[] g = VoxelGrid.of(rec(), 3);
        int plane = 6;
        assertThat(g[0 * plane + 1]).isEqualTo(1f);          // t=0 -> bin 0
        assertThat(g[1 * plane + 1]).isEqualTo(0.5f);        // t=50 -> half in bin 1,
        assertThat(g[2 * plane + 1]).isEqualTo(0.5f);        // half in bin 2
        assertThat(g[2 * plane + 5]).isZero();               // t=100 -> 3, beyond the last bin
    }

    @Test
    void timeSurfaceDecaysExponentially() {
        float[][] s = TimeSurface.of(rec(), 100, 50.0);
        // Tonic's complete windows: floor((100 - 0 - 100) / 100) + 1 = 1
        assertThat(s.length).isEqualTo(1);
        // sampled at t = 100; last ON event at (1,0) was t=50
        assertThat((double) s[0][1 * 6 + 0 * 3 + 1]).isCloseTo(Math.exp(-1), within(1e-6));
        // the OFF event at t=100 falls in no complete window: (2,1) OFF never fired, i.e. at 0
        assertThat((double) s[0][0 * 6 + 1 * 3 + 2]).isCloseTo(Math.exp(-2), within(1e-6));
    }

    /**
     * Values worked by hand from tonic/functional/to_timesurface.py: windows from
     * slice_events_by_time, a memory of zeros, the sample at t0 + (i + 1) dt.
     */
    @Test
    void timeSurfaceFollowsTonicWindowsAndItsMemoryOfZeros() {
        EventBatch b = new EventBatch(0);
        b.add(0, 0, 0, 1);
        b.add(2500, 1, 0, 1);
        EventRecording rec = new EventRecording(new SensorSize(2, 1), b);
        float[][] s = TimeSurface.of(rec, 1000, 1000.0);
        assertThat(s.length).isEqualTo(2); // floor((2500 - 1000) / 1000) + 1
        int on = 2;
        assertThat((double) s[0][on]).isCloseTo(Math.exp(-1), within(1e-6));
        assertThat((double) s[0][on + 1]).isCloseTo(Math.exp(-1), within(1e-6)); // never fired: at 0
        assertThat((double) s[1][on]).isCloseTo(Math.exp(-2), within(1e-6));
        assertThat((double) s[1][0]).isCloseTo(Math.exp(-2), within(1e-6)); // OFF plane, never fired
        float[][] all = TimeSurface.of(rec, 1000, 1000.0, 0, true);
        assertThat(all.length).isEqualTo(3); // ceil(1.5) + 1
        assertThat((double) all[2][on + 1]).isCloseTo(Math.exp(-0.5), within(1e-6));
        assertThat((double) all[2][on]).isCloseTo(Math.exp(-3), within(1e-6));
    }

    @Test
    void sparseTensorCoalesces() {
        SparseTensor t = SparseTensor.of(rec(), 1000);
        assertThat(t.nnz()).isEqualTo(2);
        assertThat(t.values()).containsExactly(1, 2); // (0,OFF,1,2) then (0,ON,0,1)
    }
}
