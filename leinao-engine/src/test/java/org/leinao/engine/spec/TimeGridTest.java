package org.leinao.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.sim.Simulator;

/** One rule for "a whole number of steps", exact enough for long runs, loose enough for decimals. */
class TimeGridTest {

    @Test
    void decimalTimesAreOnTheGridAndHalfStepsAreNotEvenFarOut() {
        assertThat(TimeGrid.onGrid(0.3, 0.1)).isTrue(); // 2.9999999999999996 steps
        assertThat(TimeGrid.onGrid(10.1, 0.1)).isTrue();
        assertThat(TimeGrid.onGrid(123456.7, 0.1)).isTrue();
        assertThat(TimeGrid.onGrid(1e8, 0.1)).isTrue();
        assertThat(TimeGrid.onGrid(0.0, 0.1)).isTrue();
        assertThat(TimeGrid.onGrid(10.01, 0.1)).isFalse();
        // 10^9 steps + half a step: a tolerance relative to the step count alone accepted it
        assertThat(TimeGrid.onGrid(1e8 + 0.05, 0.1)).isFalse();
        assertThat(TimeGrid.onGrid(100000.05, 0.1)).isFalse();
        assertThat(TimeGrid.onGrid(Double.NaN, 0.1)).isFalse();
        assertThat(TimeGrid.onGrid(Double.POSITIVE_INFINITY, 0.1)).isFalse();
        assertThat(TimeGrid.steps(0.3, 0.1)).isEqualTo(3);
        // times a program computes: a million additions of 0.1 ms (100000.00000133288 ms), and a
        // duration taken as the difference of two absolute times ("run until T")
        double sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += 0.1;
        }
        assertThat(sum).isNotEqualTo(100000.0);
        assertThat(TimeGrid.onGrid(sum, 0.1)).isTrue();
        assertThat(TimeGrid.onGrid(629166.2 - 629166.1, 0.1)).isTrue();
        assertThat(TimeGrid.onGrid(1.0001, 0.1)).isFalse();
    }

    @Test
    void recorderIntervalsAndRunDurationsFollowTheSameRule() {
        // 100000.05 ms is 1,000,000.5 steps: accepted before by a tolerance of 1e-6 steps per step
        SpecException e = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 1, NeuronModels.iafPscExp())
                .recordState("a", List.of("V_m"), null, 100000.05).build());
        assertThat(e.problems()).containsExactly(
                "record[0].interval: expected a positive multiple of dt (0.1 ms), got 100000.05 ms");
        // 2^32 + 10 steps wrapped to 10 steps in an int: sampled every 1 ms
        assertThat(catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 1, NeuronModels.iafPscExp())
                .recordState("a", List.of("V_m"), null, 429496730.6).build()).problems()).containsExactly(
                "record[0].interval: expected at most 2^31 - 1 steps of dt (0.1 ms), got 4.294967306E8 ms");
        try (Simulator sim = Simulator.create(Network.builder().dt(0.1).population("a", 1, NeuronModels.iafPscExp())
                .build())) {
            assertThatThrownBy(() -> sim.run(100000.05)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("duration: expected a multiple of the resolution 0.1 ms, got 100000.05 ms");
            sim.run(0.3);
            assertThat(sim.currentStep()).isEqualTo(3);
            sim.run(629166.1 - sim.time());
            sim.run(629166.2 - sim.time()); // 0.09999999986 ms
            assertThat(sim.currentStep()).isEqualTo(6291662);
        }
    }

    @Test
    void everyBadTimeOfADeviceIsReportedUpToFive() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 1, NeuronModels.iafPscExp())
                .stimulus("pulse", new Stimulus.StepCurrent(new double[] {0.05, 1, 5.55}, new double[] {1, 2, 3}),
                        List.of("a"), 1, 0.1)
                .stimulus("train", new Stimulus.SpikeTimes(new double[] {1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07},
                        null), List.of("a"), 1, 0.1)
                .build());
        assertThat(e.problems()).containsExactly(
                "stimuli[0] (pulse).times[0]: expected a time on the dt grid (a multiple of 0.1 ms), got 0.05 ms",
                "stimuli[0] (pulse).times[2]: expected a time on the dt grid (a multiple of 0.1 ms), got 5.55 ms",
                "stimuli[1] (train).times[0]: expected a time on the dt grid (a multiple of 0.1 ms), got 1.01 ms",
                "stimuli[1] (train).times[1]: expected a time on the dt grid (a multiple of 0.1 ms), got 1.02 ms",
                "stimuli[1] (train).times[2]: expected a time on the dt grid (a multiple of 0.1 ms), got 1.03 ms",
                "stimuli[1] (train).times[3]: expected a time on the dt grid (a multiple of 0.1 ms), got 1.04 ms",
                "stimuli[1] (train).times[4]: expected a time on the dt grid (a multiple of 0.1 ms), got 1.05 ms",
                "stimuli[1] (train).times[5]: checking stopped here, after the first 5 problems of this device's lists");
        // three elements with two problems each: the sixth is dropped, the stop is at the third element
        SpecException both = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 1, NeuronModels.iafPscExp())
                .stimulus("pulse", new Stimulus.StepCurrent(new double[] {0.05, 1.05, 2.05, 3.05},
                        new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}), List.of("a"), 1, 0.1)
                .build());
        assertThat(both.problems()).hasSize(6);
        assertThat(both.problems().get(4)).isEqualTo(
                "stimuli[0] (pulse).times[2]: expected a time on the dt grid (a multiple of 0.1 ms), got 2.05 ms");
        assertThat(both.problems().get(5)).isEqualTo(
                "stimuli[0] (pulse).times[2]: checking stopped here, after the first 5 problems of this device's lists");
        // the same when the element that goes past the cap is the last one
        SpecException last = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 1, NeuronModels.iafPscExp())
                .stimulus("pulse", new Stimulus.StepCurrent(new double[] {0.05, 1.05, 2.05},
                        new double[] {Double.NaN, Double.NaN, Double.NaN}), List.of("a"), 1, 0.1)
                .build());
        assertThat(last.problems()).hasSize(6);
        assertThat(last.problems().get(5)).isEqualTo(
                "stimuli[0] (pulse).times[2]: checking stopped here, after the first 5 problems of this device's lists");
        // exactly five problems: nothing was cut, so no last line
        SpecException five = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 1, NeuronModels.iafPscExp())
                .stimulus("train", new Stimulus.SpikeTimes(new double[] {1.01, 1.02, 1.03, 1.04, 1.05}, null),
                        List.of("a"), 1, 0.1)
                .build());
        assertThat(five.problems()).hasSize(5).noneMatch(p -> p.contains("checking stopped"));
    }
}
