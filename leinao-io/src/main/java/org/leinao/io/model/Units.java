package org.leinao.io.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.engine.spec.Dimension;

/**
 * Quantities written as text with a unit ({@code "10 ms"}, {@code "-70 mV"}, {@code "20 kHz"},
 * {@code "87.8 pA"}), converted to the engine's canonical units (ms, mV, pA, pF, nS, Hz). Units are
 * the SI symbols s, V, A, F, S and Hz with an optional prefix f, p, n, u (or µ), m, k, M, G.
 */
final class Units {
    /**
     * A parsed quantity.
     *
     * @param value value in the canonical unit of {@code dimension}
     * @param dimension its dimension ({@link Dimension#DIMENSIONLESS} for a plain number)
     */
    record Quantity(double value, Dimension dimension) {
    }

    private static final Pattern QUANTITY = Pattern.compile(
            "\\s*([+-]?(?:(?:\\d[\\d_]*\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|inf|infinity|\\.inf))\\s*(\\S*)\\s*",
            Pattern.CASE_INSENSITIVE);

    private static final Map<String, Quantity> UNITS = new LinkedHashMap<>();

    static {
        Map<String, Double> prefixes = new LinkedHashMap<>();
        prefixes.put("", 1.0);
        prefixes.put("f", 1e-15);
        prefixes.put("p", 1e-12);
        prefixes.put("n", 1e-9);
        prefixes.put("u", 1e-6);
        prefixes.put("µ", 1e-6);
        prefixes.put("μ", 1e-6);
        prefixes.put("m", 1e-3);
        prefixes.put("k", 1e3);
        prefixes.put("M", 1e6);
        prefixes.put("G", 1e9);
        // Canonical unit per base unit: ms (1e-3 s), mV, pA, pF, nS, Hz.
        Map<String, Quantity> base = new LinkedHashMap<>();
        base.put("s", new Quantity(1e3, Dimension.TIME));
        base.put("V", new Quantity(1e3, Dimension.VOLTAGE));
        base.put("A", new Quantity(1e12, Dimension.CURRENT));
        base.put("F", new Quantity(1e12, Dimension.CAPACITANCE));
        base.put("S", new Quantity(1e9, Dimension.CONDUCTANCE));
        base.put("Hz", new Quantity(1.0, Dimension.RATE));
        for (Map.Entry<String, Quantity> b : base.entrySet()) {
            for (Map.Entry<String, Double> p : prefixes.entrySet()) {
                UNITS.put(p.getKey() + b.getKey(),
                        new Quantity(b.getValue().value() * p.getValue(), b.getValue().dimension()));
            }
        }
    }

    private Units() {
    }

    /** Thrown with a short reason ("unknown unit 'xs'") when text is not a quantity. */
    static final class NotAQuantity extends Exception {
        private static final long serialVersionUID = 1L;

        NotAQuantity(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Parses {@code text} as a number with an optional unit. */
    static Quantity parse(String text) throws NotAQuantity {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new NotAQuantity("not a number with a unit");
        }
        String num = m.group(1).replace("_", "").toLowerCase();
        double v;
        if (num.endsWith("inf") || num.endsWith("infinity")) {
            v = num.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else {
            v = Double.parseDouble(num);
        }
        String unit = m.group(2);
        if (unit.isEmpty()) {
            return new Quantity(v, Dimension.DIMENSIONLESS);
        }
        Quantity u = UNITS.get(unit);
        if (u == null) {
            throw new NotAQuantity("unknown unit '" + unit + "'");
        }
        return new Quantity(v * u.value(), u.dimension());
    }

    /** Formats a canonical value with its unit, e.g. {@code 10 ms}. */
    static String format(double value, Dimension d) {
        String s = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
        return d.unit().isEmpty() ? s : s + " " + d.unit();
    }
}
