package org.leinao.engine.neuron;

/**
 * The refractory state of a block whose membrane is advanced for every neuron in one branch-free
 * pass: the steps left per neuron and the list of neurons with steps left (few at a time), so that
 * only those are visited to undo the pass's update of their clamped membrane.
 *
 * <p>Per step: {@link #hold} before the membrane pass (models whose clamped membrane keeps its
 * value), then {@link #release} (or {@link #releaseTo} for models clamped at V_reset), then
 * {@link #fire}. Together this is NEST's order for one neuron: while refractory, count down and
 * keep V clamped; otherwise integrate; then spike if V ≥ V_th.
 */
final class Refractory {
    /** Steps of refractoriness left per neuron (0: integrating). */
    final int[] steps;
    private final int[] list;
    private int count;
    /** The clamped membrane of each listed neuron across the membrane pass. */
    private double[] held;

    Refractory(int n) {
        steps = new int[n];
        list = new int[n];
    }

    /** Remembers the membrane of every refractory neuron before the membrane pass overwrites it. */
    void hold(double[] v) {
        if (held == null) {
            held = new double[steps.length];
        }
        for (int j = 0; j < count; j++) {
            held[j] = v[list[j]];
        }
    }

    /** Puts back the membranes remembered by {@link #hold} and counts one step down. */
    void release(double[] v) {
        int kept = 0;
        for (int j = 0; j < count; j++) {
            int i = list[j];
            v[i] = held[j];
            if (--steps[i] != 0) {
                list[kept++] = i;
            }
        }
        count = kept;
    }

    /** Clamps every refractory neuron's membrane at {@code vReset} and counts one step down. */
    void releaseTo(double[] v, double vReset) {
        int kept = 0;
        for (int j = 0; j < count; j++) {
            int i = list[j];
            v[i] = vReset;
            if (--steps[i] != 0) {
                list[kept++] = i;
            }
        }
        count = kept;
    }

    /**
     * Emits a spike (index into {@code out} from {@code outPos}) for every neuron with V ≥ V_th,
     * resets it and makes it refractory for {@code refSteps}; returns the new end of {@code out}.
     */
    int fire(double[] v, double vTh, double vReset, int refSteps, int[] out, int outPos) {
        final int first = outPos;
        final int n = v.length;
        for (int i = 0; i < n; i++) {
            if (v[i] >= vTh) {
                out[outPos++] = i;
            }
        }
        for (int q = first; q < outPos; q++) {
            int i = out[q];
            v[i] = vReset;
            if (refSteps > 0) {
                if (steps[i] == 0) {
                    list[count++] = i;
                }
                steps[i] = refSteps;
            }
        }
        return outPos;
    }
}
