package org.leinao.engine.neuron;

/**
 * {@code parrot_neuron}: repeats every spike it receives, in the step it arrives, so that a stimulus
 * train can be relayed through connections with their own delays (NEST's {@code parrot_neuron}). The
 * engine stores weight 1 on every connection into a parrot, so the input is the spike count; k spikes
 * arriving in one step are emitted as k spikes in that step, as NEST emits one spike of multiplicity
 * k (nest-simulator PR #146): a recorder logs k entries and every target receives k times the weight.
 */
final class ParrotBlock extends NeuronBlock {

    ParrotBlock(int n, double dt) {
        super(n, dt);
    }

    @Override
    public int maxSpikes(double[] ex, double[] in, int base) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += count(ex[base + i] - in[base + i]);
        }
        return (int) Math.min(Integer.MAX_VALUE - 64, total);
    }

    /** Spikes arriving in a step, from the summed unit weights. */
    private static int count(double sum) {
        return sum > 0 ? (int) Math.min(Integer.MAX_VALUE - 64, Math.round(sum)) : 0;
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        for (int i = 0; i < n; i++) {
            int k = base + i;
            int c = count(ex[k] - in[k]);
            ex[k] = 0;
            in[k] = 0;
            for (int j = 0; j < c; j++) {
                out[outPos++] = i;
            }
        }
        return outPos;
    }

    @Override
    public String[] stateNames() {
        return new String[0];
    }

    @Override
    public double[] state(String name) {
        return null;
    }
}
