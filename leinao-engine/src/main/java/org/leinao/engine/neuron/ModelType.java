package org.leinao.engine.neuron;

import java.util.List;
import java.util.Map;
import org.leinao.engine.spec.Dimension;

/**
 * A neuron model family: its name (as in NEST), parameters, state variables, the dimension its
 * synaptic weights carry, its validation rules and the factory of its {@link NeuronBlock}.
 *
 * @param name model name, e.g. {@code iaf_psc_exp}
 * @param description one-line description with the reference it comes from
 * @param params parameters with defaults
 * @param states state variables that can be initialised and recorded, with default initial values
 * @param weightDimension dimension of synaptic weights onto this model (mV, pA or nS)
 * @param validator adds a message per invalid parameter combination
 * @param factory creates a block of neurons
 */
public record ModelType(String name, String description, List<ParamDef> params, List<ParamDef> states,
        Dimension weightDimension, Validator validator, Factory factory) {

    /** Checks a complete parameter map. */
    @FunctionalInterface
    public interface Validator {
        /** Adds one message per problem, each prefixed by {@code where}. */
        void validate(Map<String, Double> p, String where, List<String> problems);
    }

    /** Creates blocks of neurons. */
    @FunctionalInterface
    public interface Factory {
        /** Creates a block of {@code n} neurons with the given complete parameters at resolution dt. */
        NeuronBlock create(Map<String, Double> p, int n, double dt);
    }

    /** The definition of parameter {@code name}, or null. */
    public ParamDef param(String name) {
        for (ParamDef d : params) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The definition of state variable {@code name}, or null. */
    public ParamDef state(String name) {
        for (ParamDef d : states) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
