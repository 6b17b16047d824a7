package org.leinao.engine.neuron;

/**
 * Exact-integration propagators for linear leaky integrate-and-fire dynamics (Rotter &amp; Diesmann
 * 1999, "Exact digital simulation of time-invariant linear systems with applications to neuronal
 * modeling", Biol. Cybern. 81:381). Each is written so that the limit τ_syn → τ_m is reached
 * smoothly instead of dividing 0 by 0 (the problem NEST's {@code propagator_stable} solves).
 */
public final class Propagators {
    private Propagators() {
    }

    /** exp(-h/τ). */
    public static double decay(double h, double tau) {
        return Math.exp(-h / tau);
    }

    /** Membrane response to a constant current over one step: τ_m/C·(1 − e^{−h/τ_m}). */
    public static double constantCurrent(double h, double tauM, double c) {
        return -tauM / c * Math.expm1(-h / tauM);
    }

    /**
     * Membrane response at time h to an exponentially decaying current of initial amplitude 1 pA
     * and time constant τ_s: (1/C)·∫₀ʰ e^{−(h−t)/τ_m} e^{−t/τ_s} dt.
     */
    public static double expCurrent(double h, double tauS, double tauM, double c) {
        double a = 1.0 / tauM - 1.0 / tauS;
        return Math.exp(-h / tauM) * h * expm1OverX(h * a) / c;
    }

    /**
     * Membrane response at time h to the current t·e^{−t/τ_s} (the "dI" state of an alpha current):
     * (1/C)·∫₀ʰ e^{−(h−t)/τ_m} t e^{−t/τ_s} dt.
     */
    public static double alphaCurrent(double h, double tauS, double tauM, double c) {
        double a = 1.0 / tauM - 1.0 / tauS;
        return Math.exp(-h / tauM) * h * h * alphaKernel(h * a) / c;
    }

    /** (e^x − 1)/x, with its limit 1 at x = 0. */
    static double expm1OverX(double x) {
        return x == 0 ? 1.0 : Math.expm1(x) / x;
    }

    /** (e^x(x − 1) + 1)/x², with a Taylor series near 0 where the direct form cancels. */
    static double alphaKernel(double x) {
        if (Math.abs(x) < 0.05) {
            // Σ_{n≥2} (n−1)/n! x^{n−2}
            return 0.5 + x * (1.0 / 3 + x * (1.0 / 8 + x * (1.0 / 30 + x * (1.0 / 144
                    + x * (1.0 / 840 + x * (1.0 / 5760))))));
        }
        return (Math.exp(x) * (x - 1) + 1) / (x * x);
    }
}
