package org.leinao.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The phase clock behind {@code leinao bench --profile}: totals per thread and percentiles per slice. */
class PhaseTimesTest {

    @Test
    void percentilesOfSliceDurationsAreWithinThreePercent() {
        long[] hist = new long[64 * 16];
        // 80 slices of 40 µs, 10 of 100 µs, 10 of 1.5 ms.
        for (int i = 0; i < 80; i++) {
            hist[Simulator.bucket(40_000 + i)]++;
        }
        for (int i = 0; i < 10; i++) {
            hist[Simulator.bucket(100_000)]++;
            hist[Simulator.bucket(1_500_000)]++;
        }
        assertThat(Simulator.quantile(hist, 0.1)).isCloseTo(40.0, within(1.2));
        assertThat(Simulator.quantile(hist, 0.5)).isCloseTo(40.0, within(1.2));
        assertThat(Simulator.quantile(hist, 0.85)).isCloseTo(100.0, within(3.0));
        assertThat(Simulator.quantile(hist, 0.95)).isCloseTo(1500.0, within(45.0));
        assertThat(Simulator.quantile(new long[64 * 16], 0.5)).isZero();
        assertThat(Simulator.bucket(0)).isEqualTo(Simulator.bucket(16));
        assertThat(Simulator.bucket(Long.MAX_VALUE)).isLessThan(64 * 16);
    }

    @Test
    void everyThreadReportsItsPhasesWhenTheClockIsOn() {
        try (Simulator sim = Simulator.create(DeterminismTest.network(3), Threads.of(2))) {
            assertThat(sim.phaseTimes()).isNull();
            sim.measurePhases(true);
            sim.run(100.0);
            Simulator.PhaseTimes p = sim.phaseTimes();
            for (int k = 0; k < 2; k++) {
                assertThat(p.update()[k]).isPositive();
                assertThat(p.deliver()[k]).isPositive();
                assertThat(p.barrier()[k]).isNotNegative();
                double[] q = p.sliceUpdate()[k];
                assertThat(q[0]).isPositive().isLessThanOrEqualTo(q[1]);
                assertThat(q[1]).isLessThanOrEqualTo(q[2]);
                // 200 slices of 5 steps: the median slice cannot exceed the thread's whole update phase.
                assertThat(q[1] * 1e-6).isLessThan(p.update()[k] + p.deliver()[k]);
            }
            sim.measurePhases(false);
            assertThat(sim.phaseTimes()).isNull();
        }
    }
}
