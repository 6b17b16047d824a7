package org.leinao.engine.record;

import java.util.Arrays;

/**
 * Sampled values of one state variable: a matrix of time × recorded neurons.
 *
 * @param population population name
 * @param variable variable name, e.g. {@code V_m}
 * @param start time of the first sample in ms
 * @param interval sampling interval in ms
 * @param neurons population-local indices of the recorded neurons (columns)
 * @param values row-major samples: {@code values[t * neurons.length + j]}
 */
public record StateTrace(String population, String variable, double start, double interval, int[] neurons,
        double[] values) {

    /** Number of samples (rows). */
    public int samples() {
        return neurons.length == 0 ? 0 : values.length / neurons.length;
    }

    /** Time of sample t in ms. */
    public double time(int t) {
        return SpikeTrains.tidy(start + t * interval);
    }

    /** Value of sample t for column j. */
    public double value(int t, int j) {
        return values[t * neurons.length + j];
    }

    /** The whole trace of the neuron in column j. */
    public double[] column(int j) {
        int n = samples();
        double[] c = new double[n];
        for (int t = 0; t < n; t++) {
            c[t] = values[t * neurons.length + j];
        }
        return c;
    }

    /** Column of population-local neuron {@code neuron}, or -1 if it is not recorded. */
    public int columnOf(int neuron) {
        for (int j = 0; j < neurons.length; j++) {
            if (neurons[j] == neuron) {
                return j;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateTrace s && s.population.equals(population) && s.variable.equals(variable)
                && s.start == start && s.interval == interval && Arrays.equals(s.neurons, neurons)
                && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "StateTrace[" + population + "." + variable + ", " + samples() + " x " + neurons.length + "]";
    }
}
