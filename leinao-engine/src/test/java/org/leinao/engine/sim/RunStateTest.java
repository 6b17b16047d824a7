package org.leinao.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.neuron.NumericalInstabilityException;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/** A diverging neuron is named by population and index; a failed or closed simulator runs no more. */
class RunStateTest {

    /** AdEx neurons 0-2 and 3-5; neuron 4 of "b" gets a kick that drives it below -1 V. */
    private static NetworkSpec diverging() {
        return Network.builder().dt(0.1).seed(1)
                .population("a", 3, NeuronModels.of("aeif_psc_exp"))
                .population("b", 3, NeuronModels.of("aeif_psc_exp"))
                .stimulus("kick", new Stimulus.SpikeTimes(new double[] {1.0}, new int[] {1}), List.of("b"), -1e7, 1.0)
                .build();
    }

    @Test
    void aDivergingNeuronIsNamedByPopulationAndIndexOnAnyThreadCount() {
        for (int t = 1; t <= 3; t++) {
            try (Simulator sim = Simulator.create(diverging(), Threads.of(t))) {
                assertThatThrownBy(() -> sim.run(10.0)).isInstanceOf(NumericalInstabilityException.class)
                        .hasMessageStartingWith("population b, neuron 1: AdEx membrane diverged at step 20")
                        .satisfies(e -> assertThat(((NumericalInstabilityException) e).population()).isEqualTo("b"));
                assertThatThrownBy(() -> sim.run(1.0)).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("run: the simulation failed and cannot be continued");
            }
        }
    }

    @Test
    void aClosedSimulatorRefusesToRunButKeepsItsResults() {
        Simulator sim = Simulator.create(DeterminismTest.network(2), Threads.of(2));
        long spikes = sim.run(20.0).totalSpikes("exc");
        sim.close();
        assertThatThrownBy(() -> sim.run(1.0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("run: the simulator is closed");
        assertThat(sim.result().totalSpikes("exc")).isEqualTo(spikes);
    }
}
