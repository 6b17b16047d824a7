package org.leinao.engine.neuron;

import org.leinao.engine.spec.Dimension;

/**
 * One parameter or state variable of a neuron model: its NEST name, dimension (in the engine's
 * canonical units) and default value.
 *
 * @param name NEST-style name, e.g. {@code tau_m}
 * @param dimension physical dimension
 * @param defaultValue default in canonical units
 * @param description one-line meaning
 */
public record ParamDef(String name, Dimension dimension, double defaultValue, String description) {
}
