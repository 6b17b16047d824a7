package org.leinao.engine.record;

import java.util.Arrays;

/**
 * The recorded spikes of one population in canonical order (time, then neuron). A spike emitted in
 * the update of step s carries the time (s+1)·dt, as in NEST.
 *
 * @param population population name
 * @param size population size
 * @param dt resolution in ms
 * @param steps step index of each spike
 * @param neurons population-local index of each spike's neuron
 */
public record SpikeTrains(String population, int size, double dt, int[] steps, int[] neurons) {

    /**
     * {@code steps · dt} in ms, as the double nearest to the decimal time when dt is a multiple of
     * 1 ns (3 · 0.1 is 0.30000000000000004 in floating point; this gives 0.3, as NEST's integer clock
     * does), else the plain product.
     */
    public static double ms(long steps, double dt) {
        return tidy(steps * dt);
    }

    /** A time in ms computed in floating point, snapped to the nearest ns when within 1e-9 of it (relative). */
    public static double tidy(double t) {
        double r = Math.rint(t * 1e6) / 1e6;
        return Math.abs(r - t) <= 1e-9 * Math.max(1, Math.abs(t)) ? r : t;
    }

    /** Number of spikes. */
    public int count() {
        return steps.length;
    }

    /** Spike time i in ms. */
    public double time(int i) {
        return ms(steps[i] + 1L, dt);
    }

    /** All spike times in ms. */
    public double[] times() {
        double[] t = new double[steps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = ms(steps[i] + 1L, dt);
        }
        return t;
    }

    /** Spike times (ms) of one neuron. */
    public double[] timesOf(int neuron) {
        int n = 0;
        for (int id : neurons) {
            if (id == neuron) {
                n++;
            }
        }
        double[] t = new double[n];
        int j = 0;
        for (int i = 0; i < neurons.length; i++) {
            if (neurons[i] == neuron) {
                t[j++] = ms(steps[i] + 1L, dt);
            }
        }
        return t;
    }

    /** Spike count per neuron. */
    public int[] countsPerNeuron() {
        int[] c = new int[size];
        for (int id : neurons) {
            c[id]++;
        }
        return c;
    }

    /**
     * Coefficient of variation of the inter-spike intervals, averaged over neurons with at least
     * three spikes; NaN when no neuron has.
     */
    public double meanCvIsi() {
        int[] counts = countsPerNeuron();
        int[] start = new int[size + 1];
        for (int i = 0; i < size; i++) {
            start[i + 1] = start[i] + counts[i];
        }
        int[] pos = Arrays.copyOf(start, size);
        int[] byNeuron = new int[steps.length];
        for (int i = 0; i < steps.length; i++) {
            byNeuron[pos[neurons[i]]++] = steps[i];
        }
        double sum = 0;
        int used = 0;
        for (int n = 0; n < size; n++) {
            int c = counts[n];
            if (c < 3) {
                continue;
            }
            double mean = 0;
            double sq = 0;
            for (int k = start[n] + 1; k < start[n + 1]; k++) {
                double isi = byNeuron[k] - byNeuron[k - 1];
                mean += isi;
                sq += isi * isi;
            }
            int m = c - 1;
            mean /= m;
            double var = sq / m - mean * mean;
            sum += Math.sqrt(Math.max(0, var)) / mean;
            used++;
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeTrains s && s.population.equals(population) && s.size == size && s.dt == dt
                && Arrays.equals(s.steps, steps) && Arrays.equals(s.neurons, neurons);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(steps) + Arrays.hashCode(neurons);
    }

    @Override
    public String toString() {
        return "SpikeTrains[" + population + ", " + steps.length + " spikes]";
    }
}
