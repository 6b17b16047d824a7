package org.leinao.engine.spec;

import java.util.List;

/** What to record during a run. */
public sealed interface RecorderSpec {

    /** The population recorded. */
    String population();

    /**
     * Record spikes of a population.
     *
     * @param population population name
     * @param neurons population-local indices to record, or null for all
     */
    record Spikes(String population, int[] neurons) implements RecorderSpec {
    }

    /**
     * Sample state variables (NEST {@code multimeter}): values after the update of each step whose
     * end time is a multiple of the interval.
     *
     * @param population population name
     * @param variables state variable names, e.g. {@code V_m}
     * @param neurons population-local indices, or null for all
     * @param interval sampling interval in ms (a multiple of dt)
     */
    record State(String population, List<String> variables, int[] neurons, double interval) implements RecorderSpec {
        /** Copies the variable list. */
        public State {
            variables = List.copyOf(variables);
        }
    }
}
