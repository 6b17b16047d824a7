package org.leinao.engine.spec;

import java.util.List;

/**
 * A stimulation device connected to every neuron of its target populations.
 *
 * @param name name used in messages and outputs
 * @param device the generator
 * @param targets target population names
 * @param weight weight of each spike (spike devices only; mV, pA or nS by target model)
 * @param delay delay of each spike in ms (spike devices only; ≥ dt)
 */
public record StimulusSpec(String name, Stimulus device, List<String> targets, double weight, double delay) {
    /** Copies the target list. */
    public StimulusSpec {
        targets = List.copyOf(targets);
    }
}
