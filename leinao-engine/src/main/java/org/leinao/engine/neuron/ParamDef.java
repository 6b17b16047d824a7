package org.leinao.engine.neuron;

import java.util.List;
import org.leinao.engine.spec.Dimension;

/**
 * One parameter or state variable of a neuron model: its NEST name, dimension (in the engine's
 * canonical units) and default value. A parameter with {@code choices} takes one of those names;
 * its numeric value is the index of the choice.
 *
 * @param name NEST-style name, e.g. {@code tau_m}
 * @param dimension physical dimension
 * @param defaultValue default in canonical units (or index of the default choice)
 * @param description one-line meaning
 * @param choices allowed names for a choice parameter, or null for a number
 */
public record ParamDef(String name, Dimension dimension, double defaultValue, String description,
        List<String> choices) {

    /** A numeric parameter. */
    public ParamDef(String name, Dimension dimension, double defaultValue, String description) {
        this(name, dimension, defaultValue, description, null);
    }

    /** Index of choice {@code value}, or -1 if it is not one of the choices. */
    public int choiceIndex(String value) {
        return choices == null ? -1 : choices.indexOf(value);
    }
}
