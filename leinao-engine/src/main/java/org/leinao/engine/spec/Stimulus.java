package org.leinao.engine.spec;

import java.util.List;

/**
 * Stimulation devices, with NEST's generator semantics. Current devices ({@link Dc},
 * {@link StepCurrent}, {@link NoiseCurrent}) inject pA into every target neuron; spike devices
 * ({@link Poisson}, {@link InhomogeneousPoisson}, {@link SpikeTimes}) send spikes through a
 * connection with the weight and delay of their {@link StimulusSpec}. Times in ms.
 */
public sealed interface Stimulus {

    /** Largest expected number of Poisson spikes per step and target (beyond it, use a current). */
    double MAX_SPIKES_PER_STEP = 10_000;

    /** Adds a description of each invalid field to {@code problems}. */
    void validate(String where, double dt, List<String> problems);

    /** Whether this device injects current rather than spikes. */
    boolean isCurrent();

    /** NEST {@code dc_generator}: constant current while start ≤ t < stop. */
    record Dc(double amplitude, double start, double stop) implements Stimulus {
        @Override
        public void validate(String where, double dt, List<String> problems) {
            if (!Double.isFinite(amplitude)) {
                problems.add(where + ".amplitude: expected a finite current in pA, got " + amplitude + " pA");
            }
            window(where, start, stop, dt, problems);
        }

        @Override
        public boolean isCurrent() {
            return true;
        }
    }

    /**
     * NEST {@code step_current_generator}: the current becomes {@code amplitudes[i]} at
     * {@code times[i]} and stays until the next change; 0 before the first time.
     */
    record StepCurrent(double[] times, double[] amplitudes) implements Stimulus {
        @Override
        public void validate(String where, double dt, List<String> problems) {
            if (times.length != amplitudes.length) {
                problems.add(where + ": times and amplitudes need equal lengths, got " + times.length + " and "
                        + amplitudes.length);
                return;
            }
            int before = problems.size();
            for (int i = 0; !tooMany(where, i, times.length, before, problems) && i < times.length; i++) {
                if (!(times[i] >= 0) || (i > 0 && !(times[i] > times[i - 1]))) {
                    problems.add(where + ".times[" + i + "]: expected strictly increasing times >= 0 ms, got "
                            + times[i] + " ms");
                } else {
                    onGrid(where + ".times[" + i + "]", times[i], dt, problems);
                }
                if (!Double.isFinite(amplitudes[i])) {
                    problems.add(where + ".amplitudes[" + i + "]: expected a finite current in pA, got " + amplitudes[i] + " pA");
                }
            }
        }

        @Override
        public boolean isCurrent() {
            return true;
        }
    }

    /**
     * NEST {@code noise_generator}: every target receives its own current mean + std·ξ, ξ ~ N(0,1)
     * redrawn every {@code dtNoise} ms and held constant in between.
     */
    record NoiseCurrent(double mean, double std, double dtNoise, double start, double stop) implements Stimulus {
        @Override
        public void validate(String where, double dt, List<String> problems) {
            if (!Double.isFinite(mean)) {
                problems.add(where + ".mean: expected a finite current in pA, got " + mean + " pA");
            }
            if (!(std >= 0) || !Double.isFinite(std)) {
                problems.add(where + ".std: expected a finite current >= 0 pA, got " + std + " pA");
            }
            if (!(dtNoise > 0) || !TimeGrid.onGrid(dtNoise, dt)) {
                problems.add(where + ".dt: expected a positive multiple of the resolution " + dt + " ms, got "
                        + dtNoise + " ms");
            }
            window(where, start, stop, dt, problems);
        }

        @Override
        public boolean isCurrent() {
            return true;
        }
    }

    /** NEST {@code poisson_generator}: independent Poisson trains of the given rate (Hz) per target. */
    record Poisson(double rate, double start, double stop) implements Stimulus {
        @Override
        public void validate(String where, double dt, List<String> problems) {
            if (!(rate >= 0) || !Double.isFinite(rate)) {
                problems.add(where + ".rate: expected a finite rate >= 0 Hz, got " + rate + " Hz");
            } else if (rate * dt * 1e-3 > MAX_SPIKES_PER_STEP) {
                problems.add(where + ".rate: expected at most " + MAX_SPIKES_PER_STEP + " spikes per step and target ("
                        + MAX_SPIKES_PER_STEP / (dt * 1e-3) + " Hz at dt = " + dt + " ms), got " + rate
                        + " Hz; model such input as a current (noise) instead");
            }
            window(where, start, stop, dt, problems);
        }

        @Override
        public boolean isCurrent() {
            return false;
        }
    }

    /**
     * NEST {@code inhomogeneous_poisson_generator}: piecewise-constant rate, {@code rates[i]} Hz from
     * {@code times[i]} until the next time; 0 before the first time.
     */
    record InhomogeneousPoisson(double[] times, double[] rates) implements Stimulus {
        @Override
        public void validate(String where, double dt, List<String> problems) {
            if (times.length != rates.length || times.length == 0) {
                problems.add(where + ": times and rates need equal, non-zero lengths, got " + times.length + " and "
                        + rates.length);
                return;
            }
            int before = problems.size();
            for (int i = 0; !tooMany(where, i, times.length, before, problems) && i < times.length; i++) {
                if (!(times[i] >= 0) || (i > 0 && !(times[i] > times[i - 1]))) {
                    problems.add(where + ".times[" + i + "]: expected strictly increasing times >= 0 ms, got "
                            + times[i] + " ms");
                } else {
                    onGrid(where + ".times[" + i + "]", times[i], dt, problems);
                }
                if (!(rates[i] >= 0) || !Double.isFinite(rates[i]) || rates[i] * dt * 1e-3 > MAX_SPIKES_PER_STEP) {
                    problems.add(where + ".rates[" + i + "]: expected a finite rate >= 0 Hz with at most "
                            + MAX_SPIKES_PER_STEP + " spikes per step, got " + rates[i] + " Hz");
                }
            }
        }

        @Override
        public boolean isCurrent() {
            return false;
        }
    }

    /**
     * NEST {@code spike_generator}: spikes at given times. With {@code neurons == null} every target
     * receives the whole train; otherwise spike i goes only to target {@code neurons[i]} (an index
     * into the concatenated target populations), which lets one device drive each neuron of a
     * population with its own train (e.g. events from a sensor).
     */
    record SpikeTimes(double[] times, int[] neurons) implements Stimulus {
        /** The same train for every target. */
        public SpikeTimes(double... times) {
            this(times, null);
        }

        @Override
        public void validate(String where, double dt, List<String> problems) {
            if (neurons != null && neurons.length != times.length) {
                problems.add(where + ": times and neurons need equal lengths, got " + times.length + " and "
                        + neurons.length);
                return;
            }
            int before = problems.size();
            for (int i = 0; !tooMany(where, i, times.length, before, problems) && i < times.length; i++) {
                if (!(times[i] >= dt * 0.999999) || !Double.isFinite(times[i]) || times[i] / dt > 1e9) {
                    problems.add(where + ".times[" + i + "]: expected a time >= dt (" + dt + " ms) and below 1e9 steps,"
                            + " got " + times[i] + " ms");
                } else {
                    onGrid(where + ".times[" + i + "]", times[i], dt, problems);
                }
                if (neurons != null && neurons[i] < 0) {
                    problems.add(where + ".neurons[" + i + "]: expected an index >= 0, got " + neurons[i]);
                }
            }
        }

        @Override
        public boolean isCurrent() {
            return false;
        }
    }

    /** Problems reported from one device's lists; a list of 10^6 bad times would otherwise print 10^6 lines. */
    int MAX_LIST_PROBLEMS = 5;

    /**
     * Called before element {@code i} of a device's {@code n}-element lists, and once more after the
     * last ({@code i == n}): whether they have given {@link #MAX_LIST_PROBLEMS} problems since
     * {@code before}, so the loop stops. Then the problems beyond the cap (an element can give two)
     * are dropped, and a last line, at the element where checking stopped (so it sorts after the
     * problems shown), says so; exactly the cap after the last element cut nothing and says nothing.
     */
    private static boolean tooMany(String where, int i, int n, int before, List<String> problems) {
        int found = problems.size() - before;
        if (found < MAX_LIST_PROBLEMS || found == MAX_LIST_PROBLEMS && i == n) {
            return false;
        }
        int at = found > MAX_LIST_PROBLEMS ? i - 1 : i;
        problems.subList(before + MAX_LIST_PROBLEMS, problems.size()).clear();
        problems.add(where + ".times[" + at + "]: checking stopped here, after the first " + MAX_LIST_PROBLEMS
                + " problems of this device's lists");
        return true;
    }

    private static void window(String where, double start, double stop, double dt, List<String> problems) {
        if (!(start >= 0) || !(stop >= start)) {
            problems.add(where + ": expected 0 ms <= start <= stop, got start " + start + " ms, stop " + stop + " ms");
            return;
        }
        onGrid(where + ".start", start, dt, problems);
        onGrid(where + ".stop", stop, dt, problems);
    }

    /**
     * Device times must be multiples of the resolution, as NEST requires of a device's start and
     * stop and of step_current_generator times (unless allow_offgrid_times): rounding them would
     * silently move, or remove, a pulse. Infinite times are allowed.
     */
    private static void onGrid(String where, double t, double dt, List<String> problems) {
        if (!Double.isInfinite(t) && !TimeGrid.onGrid(t, dt)) {
            problems.add(where + ": expected a time on the dt grid (a multiple of " + dt + " ms), got " + t + " ms");
        }
    }

    /** Constant current. */
    static Stimulus dc(double amplitude) {
        return new Dc(amplitude, 0, Double.POSITIVE_INFINITY);
    }

    /** Homogeneous Poisson spike trains. */
    static Stimulus poisson(double rateHz) {
        return new Poisson(rateHz, 0, Double.POSITIVE_INFINITY);
    }

    /** Gaussian noise current redrawn every step. */
    static Stimulus noise(double mean, double std, double dtNoise) {
        return new NoiseCurrent(mean, std, dtNoise, 0, Double.POSITIVE_INFINITY);
    }
}
