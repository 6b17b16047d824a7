package org.leinao.engine.spec;

import java.util.Map;
import org.leinao.engine.neuron.NeuronModel;

/**
 * A population of identical-model neurons.
 *
 * @param name unique name
 * @param size number of neurons (≥ 1)
 * @param model neuron model with its parameters
 * @param initial initial-state distributions per state variable (e.g. {@code V_m}), drawn per
 *     neuron keyed by (population, neuron), so independent of the thread count
 */
public record PopulationSpec(String name, int size, NeuronModel model, Map<String, Distribution> initial) {
    /** Copies the map so the record stays immutable. */
    public PopulationSpec {
        initial = Map.copyOf(initial);
    }
}
