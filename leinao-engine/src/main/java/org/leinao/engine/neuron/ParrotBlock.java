package org.leinao.engine.neuron;

/**
 * {@code parrot_neuron}: emits a spike in every step in which it receives at least one spike, so
 * that a stimulus train can be relayed through connections with their own delays (NEST's
 * {@code parrot_neuron}). The engine stores weight 1 on every connection into a parrot, so the input
 * is the spike count; at most one spike per step is emitted.
 */
final class ParrotBlock extends NeuronBlock {

    ParrotBlock(int n, double dt) {
        super(n, dt);
    }

    @Override
    public int update(int step, double[] ex, double[] in, int base, double[] iStim, int stimBase, int[] out,
            int outPos) {
        for (int i = 0; i < n; i++) {
            int k = base + i;
            double count = ex[k] - in[k];
            ex[k] = 0;
            in[k] = 0;
            if (count > 0) {
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
