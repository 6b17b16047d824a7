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
     * True when {@code t / dt} is within floating-point error of an integer. The tolerance covers
     * decimal times such as 0.3 / 0.1 = 2.9999999999999996 (a few ulps, ~1e-15 relative) while
     * still telling 10.01 ms from 10.0 ms at dt 0.1 ms, and 1e8 ms from 1e8 + 0.05 ms (a relative
     * tolerance alone would accept whole steps of error at 1e9 steps).
     *
     * @param t  a finite time, ms
     * @param dt the resolution, ms (> 0)
     */
    public static boolean onGrid(double t, double dt) {
        double k = t / dt;
        return Double.isFinite(k) && Math.abs(k - Math.rint(k)) <= 1e-9 + 1e-12 * Math.abs(k);
    }

    /** {@code t / dt} as a whole number of steps; only meaningful when {@link #onGrid} holds. */
    public static long steps(double t, double dt) {
        return Math.round(t / dt);
    }
}
