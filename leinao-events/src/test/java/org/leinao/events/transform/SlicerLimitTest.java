package org.leinao.events.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;

/** Requests for more than {@link Slicer#MAX_SLICES} ranges fail before allocating (was: out of memory). */
class SlicerLimitTest {

    private static EventBatch events(int n, long dt) {
        EventBatch b = new EventBatch(n);
        for (int i = 0; i < n; i++) {
            b.add(i * dt, i % 10, 0, 1);
        }
        return b;
    }

    @Test
    void tooManyTimeBinsIsRefused() {
        assertThatThrownBy(() -> Slicer.intoTimeBins(events(10, 1), 2_000_000_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("number of slices 2000000000 is more than the limit of " + Slicer.MAX_SLICES);
        assertThatThrownBy(() -> Slicer.intoCountBins(events(10, 1), Slicer.MAX_SLICES + 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThat(Slicer.intoTimeBins(events(10, 1), Slicer.MAX_SLICES, 0)).hasSize(Slicer.MAX_SLICES);
    }

    @Test
    void tooManyWindowsIsRefused() {
        EventBatch e = events(3, 1_000_000_000L); // 2,000 s
        assertThatThrownBy(() -> Slicer.byTime(e, 1, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the limit of " + Slicer.MAX_SLICES);
        assertThat(Slicer.byTime(e, 1_000_000_000L, 0, false)).hasSize(2);
    }

    @Test
    void tooManyCountWindowsIsRefusedButTheBoundIsExact() {
        EventBatch e = events(1_500_000, 1);
        assertThatThrownBy(() -> Slicer.byCount(e, 1, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        // 1,000,000-event windows moved by 1: 500,001 windows, within the limit
        assertThat(Slicer.byCount(e, 1_000_000, 999_999, false)).hasSize(500_001);
    }
}
