package org.leinao.engine.spec;

/**
 * Whether a time is a whole number of steps: device times, recording intervals, histogram bins and
 * run durations must be, as in NEST, where a time off the grid is an error rather than rounded (a
 * pulse of 10.01 ms would otherwise silently move to 10.0 ms, or vanish).
 */
public final class TimeGrid {

    private TimeGrid() {
    }

    /**
     * True when {@code t / dt} is within 10^-4 steps (plus 10^-12 of the step count) of an integer.
     * That covers decimal times such as 0.3 / 0.1 = 2.9999999999999996 and the error that times
     * computed in a program carry: a million additions of 0.1 ms (10^-5 steps off), or a duration
     * that is the difference of two absolute times near 10^6 ms ("run until T"); NEST, which rounds
     * times to 1 µs ticks, accepts those too. A time a user types off the grid is off by far more:
     * 10.01 ms at dt 0.1 ms is 0.1 steps off, 1e8 + 0.05 ms half a step (a tolerance relative to
     * the step count alone would accept whole steps of error at 10^9 steps).
     *
     * @param t  a finite time, ms
     * @param dt the resolution, ms (> 0)
     */
    public static boolean onGrid(double t, double dt) {
        double k = t / dt;
        return Double.isFinite(k) && Math.abs(k - Math.rint(k)) <= 1e-4 + 1e-12 * Math.abs(k);
    }

    /** {@code t / dt} as a whole number of steps; only meaningful when {@link #onGrid} holds. */
    public static long steps(double t, double dt) {
        return Math.round(t / dt);
    }
}
