package org.leinao.engine.stim;

import org.leinao.engine.random.Philox;
import org.leinao.engine.random.Purpose;
import org.leinao.engine.random.SplitMix;
import org.leinao.engine.spec.Stimulus;

/**
 * A current device (dc, step current, noise) into the targets one thread owns. The current of
 * step t applies during the update from t·dt to (t+1)·dt, like a bias current I_e.
 */
public final class CurrentInput {
    private final int[] local;
    private final int kind;
    private final long start;
    private final long stop;
    private final double amplitude;
    private final long[] changeSteps;
    private final double[] amplitudes;
    private final double std;
    private final int noiseEvery;
    private final long[] state;
    private final double[] held;
    private int change = -1;

    /**
     * @param stimulus stimulus index (part of the random key)
     * @param seed master seed
     * @param device the device
     * @param local thread-local target indices
     * @param gids target gids, same order
     * @param dt resolution in ms
     */
    public CurrentInput(int stimulus, long seed, Stimulus device, int[] local, int[] gids, double dt) {
        this.local = local;
        switch (device) {
            case Stimulus.Dc dc -> {
                kind = 0;
                amplitude = dc.amplitude();
                start = toStep(dc.start(), dt);
                stop = toStep(dc.stop(), dt);
                changeSteps = null;
                amplitudes = null;
                std = 0;
                noiseEvery = 0;
                state = null;
                held = null;
            }
            case Stimulus.StepCurrent sc -> {
                kind = 1;
                amplitude = 0;
                start = 0;
                stop = Long.MAX_VALUE;
                changeSteps = new long[sc.times().length];
                for (int i = 0; i < changeSteps.length; i++) {
                    changeSteps[i] = toStep(sc.times()[i], dt);
                }
                amplitudes = sc.amplitudes().clone();
                std = 0;
                noiseEvery = 0;
                state = null;
                held = null;
            }
            case Stimulus.NoiseCurrent nc -> {
                kind = 2;
                amplitude = nc.mean();
                start = toStep(nc.start(), dt);
                stop = toStep(nc.stop(), dt);
                changeSteps = null;
                amplitudes = null;
                std = nc.std();
                noiseEvery = (int) Math.round(nc.dtNoise() / dt);
                state = new long[local.length];
                held = new double[local.length];
                for (int i = 0; i < local.length; i++) {
                    state[i] = Philox.hash64(seed, Purpose.of(Purpose.NOISE, stimulus), gids[i], 0);
                }
            }
            default -> throw new IllegalArgumentException("not a current device: " + device);
        }
    }

    private static long toStep(double t, double dt) {
        return Double.isInfinite(t) ? Long.MAX_VALUE : Math.round(t / dt);
    }

    /** Adds this device's current for {@code step} into {@code iStim} (thread-local indices). */
    public void add(long step, double[] iStim) {
        switch (kind) {
            case 0 -> {
                if (step >= start && step < stop) {
                    for (int t : local) {
                        iStim[t] += amplitude;
                    }
                }
            }
            case 1 -> {
                // Steps only increase, so the current change is found by advancing a cursor.
                while (change + 1 < changeSteps.length && changeSteps[change + 1] <= step) {
                    change++;
                }
                double a = change < 0 ? 0 : amplitudes[change];
                if (a != 0) {
                    for (int t : local) {
                        iStim[t] += a;
                    }
                }
            }
            default -> {
                if (step < start || step >= stop) {
                    return;
                }
                if ((step - start) % noiseEvery == 0) {
                    for (int i = 0; i < local.length; i++) {
                        held[i] = amplitude + std * gaussian(i);
                    }
                }
                for (int i = 0; i < local.length; i++) {
                    iStim[local[i]] += held[i];
                }
            }
        }
    }

    /** Standard normal from target i's stream (Box–Muller, one value per call for simplicity of state). */
    private double gaussian(int i) {
        long s = SplitMix.next(state[i]);
        double u1 = SplitMix.toDouble(SplitMix.mix(s));
        s = SplitMix.next(s);
        double u2 = SplitMix.toDouble(SplitMix.mix(s));
        state[i] = s;
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
