package org.leinao.engine.spec;

/**
 * Physical dimensions of model quantities, each with the canonical unit the engine computes in
 * (ms, mV, pA, pF, nS, Hz). Model files convert every quantity to these units once, at load time.
 */
public enum Dimension {
    /** Time, in ms. */
    TIME("ms", "a time such as \"10 ms\""),
    /** Electric potential, in mV. */
    VOLTAGE("mV", "a voltage such as \"-70 mV\""),
    /** Electric current, in pA. */
    CURRENT("pA", "a current such as \"376 pA\""),
    /** Capacitance, in pF. */
    CAPACITANCE("pF", "a capacitance such as \"250 pF\""),
    /** Conductance, in nS. */
    CONDUCTANCE("nS", "a conductance such as \"16.7 nS\""),
    /** Frequency, in Hz. */
    RATE("Hz", "a rate such as \"8 Hz\""),
    /** A plain number. */
    DIMENSIONLESS("", "a plain number");

    private final String unit;
    private final String example;

    Dimension(String unit, String example) {
        this.unit = unit;
        this.example = example;
    }

    /** The canonical unit symbol ("" for dimensionless). */
    public String unit() {
        return unit;
    }

    /** Human description used in error messages, e.g. {@code a time such as "10 ms"}. */
    public String example() {
        return example;
    }
}
