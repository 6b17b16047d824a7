package org.leinao.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;

/** Invalid specs are rejected at build time with every problem, each naming where and what. */
class ValidationTest {

    @Test
    void reportsEveryProblemAtOnce() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("exc", 100, NeuronModels.iafPscExp().with("tau_m", -5))
                .population("inh", 10, NeuronModels.iafPscExp())
                .connect("exc", "inhh", Connector.fixedIndegree(5), Distribution.constant(1), Distribution.constant(1))
                .connect("exc", "exc", Connector.pairwiseBernoulli(1.5), Distribution.constant(1),
                        Distribution.constant(0.05))
                .connect(new ProjectionSpec("inh", "exc", Connector.fixedIndegree(20), Distribution.constant(-1),
                        Distribution.constant(1), true, false))
                .build());
        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("populations.exc.params.tau_m: ")
                .contains("got -5"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("projections[0] (exc -> inhh).to")
                .contains("unknown population 'inhh'").contains("did you mean 'inh'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("projections[1]")
                .contains("connector.p").contains("1.5"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("projections[1]").contains(".delay")
                .contains(">= dt"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("projections[2]")
                .contains("indegree").contains("20 exceeds the 10 available sources"));
    }

    @Test
    void deviceTimesOffTheGridAndTimeConstantsFarBelowDtAreRefused() {
        // NEST refuses device times that are not multiples of the resolution; rounding 10.01 and
        // 10.04 ms to the same step would silently remove the pulse between them.
        SpecException e = catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1)
                .population("a", 10, NeuronModels.iafPscExp().with("tau_m", 0.0001))
                .stimulus("pulse", new Stimulus.StepCurrent(new double[] {10.01, 10.04}, new double[] {1e5, 0}),
                        List.of("a"), 1, 0.1)
                .stimulus("dc", new Stimulus.Dc(100, 1.05, Double.POSITIVE_INFINITY), List.of("a"), 1, 0.1)
                .stimulus("rates", new Stimulus.InhomogeneousPoisson(new double[] {0, 5.55}, new double[] {10, 20}),
                        List.of("a"), 1, 0.1)
                .build());
        assertThat(e.problems()).containsExactly(
                "populations.a.params.tau_m: expected a time constant of at least dt/500 (2.0E-4 ms at dt = 0.1 ms),"
                        + " got 1.0E-4 ms",
                "stimuli[0] (pulse).times[0]: expected a time on the dt grid (a multiple of 0.1 ms), got 10.01 ms",
                "stimuli[0] (pulse).times[1]: expected a time on the dt grid (a multiple of 0.1 ms), got 10.04 ms",
                "stimuli[1] (dc).start: expected a time on the dt grid (a multiple of 0.1 ms), got 1.05 ms",
                "stimuli[2] (rates).times[1]: expected a time on the dt grid (a multiple of 0.1 ms), got 5.55 ms");
        assertThat(catchThrowableOfType(SpecException.class, () -> Network.builder().dt(0.1).population("a", 1,
                NeuronModels.izhikevich().with("consistent_integration", 0.5)).build()).problems()).containsExactly(
                "populations.a.params.consistent_integration: expected 1 (true) or 0 (false), got 0.5");
        // On the grid (10.1 ms is 101 steps although 10.1 / 0.1 is not exactly 101 in binary), and an endless stop.
        Network.builder().dt(0.1).population("a", 10, NeuronModels.iafPscExp())
                .stimulus("pulse", new Stimulus.StepCurrent(new double[] {10.1, 10.4}, new double[] {1e5, 0}),
                        List.of("a"), 1, 0.1)
                .stimulus("dc", new Stimulus.Dc(100, 0.3, Double.POSITIVE_INFINITY), List.of("a"), 1, 0.1)
                .build();
    }

    @Test
    void rejectsUnknownParameterAndStateWithSuggestion() {
        assertThatThrownBy(() -> NeuronModels.iafPscExp().with("tau_mm", 3)).hasMessageContaining("did you mean 'tau_m'");
        List<String> problems = Network.builder()
                .population("p", 2, NeuronModels.iafPscDelta(), java.util.Map.of("V", Distribution.constant(0)))
                .recordState("p", List.of("V_m", "I_syn"), null, 0.15)
                .spec().validate();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("populations.p.init.V").contains("V_m"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("record[0].interval"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no state variable 'I_syn'"));
    }

    @Test
    void rejectsResetAboveThresholdAndUnboundedDelayDistribution() {
        List<String> problems = Network.builder()
                .population("p", 2, NeuronModels.iafCondExp().with("V_reset", -40))
                .connect("p", "p", Connector.allToAll(), Distribution.constant(1), Distribution.normal(1.5, 0.5))
                .spec().validate();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("populations.p.params.V_reset"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(".delay").contains("normal_clipped"));
    }

    @Test
    void rejectsUndrawableRangesAndOversizedDelaysAndDuplicateTargets() {
        List<String> problems = Network.builder().dt(0.01)
                .population("p", 2, NeuronModels.iafPscDelta())
                .connect("p", "p", Connector.allToAll(), Distribution.normalClipped(0, 1, 5, 5.001),
                        Distribution.constant(400))
                .stimulus("s", Stimulus.poisson(10), List.of("p", "p"), 1, 1)
                .spec().validate();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(".weight").contains("normal_clipped range"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(".delay").contains("32767 steps"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(".targets").contains("more than once"));
    }
}
