package org.leinao.io.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.spec.Dimension;
import org.leinao.engine.spec.Distribution;
import org.leinao.io.model.YNode.YList;
import org.leinao.io.model.YNode.YMap;
import org.leinao.io.model.YNode.YScalar;

/**
 * Typed access to a {@link YNode} tree: every accessor checks the shape, unit and dimension of a
 * value and, when it is wrong, adds a located {@link Problem} and returns null so that reading
 * continues and every problem is reported at once.
 */
final class Reader {
    private final List<Problem> problems;
    private final Map<String, Dimension> dimensions = new HashMap<>();

    Reader(List<Problem> problems) {
        this.problems = problems;
    }

    /**
     * The dimension of every field read as a quantity or distribution, by path; {@link EngineProblems}
     * uses it to add units to the numbers of the engine's messages.
     */
    Map<String, Dimension> dimensions() {
        return dimensions;
    }

    /** Records that the field at {@code path} has dimension {@code d} (also when it is absent). */
    void dimension(String path, Dimension d) {
        dimensions.put(path, d);
    }

    int count() {
        return problems.size();
    }

    void error(Loc loc, String path, String message) {
        problems.add(Problem.at(loc, path, message));
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    static boolean isNull(YNode n) {
        return n == null || n instanceof YScalar s && s.kind() == YScalar.Kind.NULL;
    }

    /** The node as a mapping, or null after a problem "expected {@code what}". */
    YMap map(YNode n, String path, String what) {
        if (n instanceof YMap m) {
            return m;
        }
        error(n.loc(), path, "expected " + what + ", got " + n.describe());
        return null;
    }

    /** Reports every key of {@code m} not in {@code allowed}, with a "did you mean" suggestion. */
    void keys(YMap m, String path, Collection<String> allowed) {
        for (YNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key)) {
                error(e.keyLoc, join(path, e.key), "unknown key '" + e.key + "'"
                        + NeuronModels.suggestion(e.key, allowed));
            }
        }
    }

    /** The value of a required key, or null after a "missing" problem at the mapping. */
    YNode required(YMap m, String key, String path, String what) {
        YNode n = m.get(key);
        if (isNull(n)) {
            error(n == null ? m.loc() : n.loc(), join(path, key), "missing field '" + key + "': expected " + what);
            return null;
        }
        return n;
    }

    /** A scalar's text, or null after a problem. */
    String string(YNode n, String path, String what) {
        if (n instanceof YScalar s && s.kind() != YScalar.Kind.NULL) {
            return s.text();
        }
        error(n.loc(), path, "expected " + what + ", got " + n.describe());
        return null;
    }

    /** A node that is a single item or a list of items, as a list. */
    static List<YNode> items(YNode n) {
        if (n instanceof YList l) {
            return l.items;
        }
        return List.of(n);
    }

    /** Names: a string or a list of strings. */
    List<String> names(YNode n, String path, String what) {
        List<String> out = new ArrayList<>();
        if (n instanceof YList l) {
            for (int i = 0; i < l.items.size(); i++) {
                String s = string(l.items.get(i), index(path, i), what);
                if (s == null) {
                    return null;
                }
                out.add(s);
            }
            return out;
        }
        String s = string(n, path, what + " or a list of them");
        return s == null ? null : List.of(s);
    }

    /** A quantity of dimension {@code d} in canonical units, or null after a problem. */
    Double quantity(YNode n, String path, Dimension d) {
        dimension(path, d);
        if (!(n instanceof YScalar s) || s.kind() == YScalar.Kind.NULL || s.kind() == YScalar.Kind.BOOL) {
            error(n.loc(), path, "expected " + d.example() + ", got " + n.describe());
            return null;
        }
        Units.Quantity q;
        try {
            q = Units.parse(s.text());
        } catch (Units.NotAQuantity e) {
            error(n.loc(), path, "expected " + d.example() + ", got " + n.describe() + " (" + e.getMessage() + ")");
            return null;
        }
        if (q.dimension() != d) {
            String hint = q.dimension() == Dimension.DIMENSIONLESS ? " (a number without a unit)"
                    : d == Dimension.DIMENSIONLESS ? " (a plain number has no unit)" : "";
            error(n.loc(), path, "expected " + d.example() + ", got " + n.describe() + hint);
            return null;
        }
        return q.value();
    }

    /** A plain number, or null after a problem. */
    Double number(YNode n, String path) {
        return quantity(n, path, Dimension.DIMENSIONLESS);
    }

    /** An integer in [min, max], or null after a problem. */
    Long integer(YNode n, String path, long min, long max) {
        if (n instanceof YScalar s && (s.kind() == YScalar.Kind.INT || s.kind() == YScalar.Kind.STRING)) {
            try {
                long v = Long.parseLong(s.text().strip().replace("_", ""));
                if (v < min || v > max) {
                    String want = max >= Integer.MAX_VALUE ? (v > max ? "<= " + max : ">= " + min)
                            : "in [" + min + ", " + max + "]";
                    error(n.loc(), path, "expected an integer " + want + ", got " + v);
                    return null;
                }
                return v;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(n.loc(), path, "expected an integer, got " + n.describe());
        return null;
    }

    /** true or false, or null after a problem. */
    Boolean bool(YNode n, String path) {
        if (n instanceof YScalar s && s.kind() == YScalar.Kind.BOOL) {
            return Boolean.parseBoolean(s.text().toLowerCase());
        }
        error(n.loc(), path, "expected true or false, got " + n.describe());
        return null;
    }

    /** A list of quantities (or one quantity), or null after a problem. */
    double[] quantities(YNode n, String path, Dimension d) {
        if (!(n instanceof YList l)) {
            error(n.loc(), path, "expected a list of " + d.example().replace("a ", "") + "s, got " + n.describe());
            return null;
        }
        double[] out = new double[l.items.size()];
        boolean ok = true;
        for (int i = 0; i < out.length; i++) {
            Double v = quantity(l.items.get(i), index(path, i), d);
            if (v == null) {
                ok = false;
            } else {
                out[i] = v;
            }
        }
        return ok ? out : null;
    }

    /** Longest range {@code "a..b"} accepted: 2^26 indices (256 MB of them). */
    static final int MAX_RANGE = 1 << 26;

    /**
     * Neuron indices: a list of integers and ranges {@code "a..b"} (inclusive) such as
     * {@code [0, 1, "5..9"]}, one range, one integer, or {@code all} (returned as a null array with
     * {@code all[0] = true}).
     */
    int[] indices(YNode n, String path, boolean[] all) {
        if (n instanceof YScalar s && s.kind() == YScalar.Kind.STRING) {
            String t = s.text().strip();
            if (t.equals("all")) {
                all[0] = true;
                return null;
            }
            int dots = t.indexOf("..");
            if (dots > 0) {
                try {
                    int a = Integer.parseInt(t.substring(0, dots).strip());
                    int b = Integer.parseInt(t.substring(dots + 2).strip());
                    if (a >= 0 && (long) b - a + 1 > MAX_RANGE) {
                        // Checked before allocating: the indices are checked against the population later.
                        error(n.loc(), path, "expected a range of at most " + String.format(java.util.Locale.ROOT, "%,d", MAX_RANGE)
                                + " indices (use all for a whole population), got \"" + t + "\"");
                        return null;
                    }
                    if (a >= 0 && b >= a) {
                        int[] out = new int[b - a + 1];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = a + i;
                        }
                        return out;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        if (n instanceof YScalar s && s.kind() == YScalar.Kind.INT) {
            Long v = integer(n, path, 0, Integer.MAX_VALUE);
            return v == null ? null : new int[] {v.intValue()};
        }
        if (n instanceof YList l) {
            int[][] parts = new int[l.items.size()][];
            long total = 0;
            for (int i = 0; i < parts.length; i++) {
                YNode item = l.items.get(i);
                if (item instanceof YScalar s && s.kind() == YScalar.Kind.STRING && s.text().contains("..")) {
                    parts[i] = indices(item, index(path, i), new boolean[1]);
                } else {
                    Long v = integer(item, index(path, i), 0, Integer.MAX_VALUE);
                    parts[i] = v == null ? null : new int[] {v.intValue()};
                }
                if (parts[i] == null) {
                    return null;
                }
                total += parts[i].length;
                if (total > MAX_RANGE) {
                    error(n.loc(), path, "expected at most " + String.format(java.util.Locale.ROOT, "%,d", MAX_RANGE)
                            + " indices (use all for a whole population), got more");
                    return null;
                }
            }
            int[] out = new int[(int) total];
            int at = 0;
            for (int[] part : parts) {
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
        error(n.loc(), path, "expected neuron indices: a list such as [0, 5, 9], a range such as \"0..9\""
                + " or all, got " + n.describe());
        return null;
    }

    private static final List<String> DISTRIBUTIONS = List.of("constant", "uniform", "normal", "normal_clipped",
            "lognormal", "exponential");

    /**
     * A value or a distribution of values of dimension {@code d}: a quantity (constant) or a
     * one-key mapping {@code {uniform: [lo, hi]}}, {@code {normal: {mean:, std:}}}, ...
     */
    Distribution distribution(YNode n, String path, Dimension d) {
        dimension(path, d);
        if (n instanceof YScalar) {
            Double v = quantity(n, path, d);
            return v == null ? null : Distribution.constant(v);
        }
        if (!(n instanceof YMap m) || m.entries().size() != 1) {
            error(n.loc(), path, "expected " + d.example() + " or a distribution such as {uniform: [" + ex(d, 0)
                    + ", " + ex(d, 1) + "]} or {normal: {mean: " + ex(d, 1) + ", std: " + ex(d, 0.1)
                    + "}}, got " + n.describe() + (n instanceof YMap mm ? " with keys " + mm.entries().keySet() : ""));
            return null;
        }
        YNode.Entry e = m.entries().values().iterator().next();
        String kind = e.key;
        String sub = join(path, kind);
        YNode v = e.value;
        switch (kind) {
            case "constant": {
                Double c = quantity(v, sub, d);
                return c == null ? null : Distribution.constant(c);
            }
            case "uniform": {
                double[] lh = pair(v, sub, d, "min", "max");
                return lh == null ? null : Distribution.uniform(lh[0], lh[1]);
            }
            case "normal": {
                double[] ms = pair(v, sub, d, "mean", "std");
                return ms == null ? null : Distribution.normal(ms[0], ms[1]);
            }
            case "normal_clipped": {
                YMap p = map(v, sub, "{mean: ..., std: ..., min: ..., max: ...} (min and max optional)");
                if (p == null) {
                    return null;
                }
                keys(p, sub, List.of("mean", "std", "min", "max"));
                YNode mean = required(p, "mean", sub, d.example());
                YNode std = required(p, "std", sub, d.example());
                Double mu = mean == null ? null : quantity(mean, join(sub, "mean"), d);
                Double sd = std == null ? null : quantity(std, join(sub, "std"), d);
                Double lo = p.has("min") ? quantity(p.get("min"), join(sub, "min"), d) : Double.valueOf(Double.NEGATIVE_INFINITY);
                Double hi = p.has("max") ? quantity(p.get("max"), join(sub, "max"), d) : Double.valueOf(Double.POSITIVE_INFINITY);
                if (mu == null || sd == null || lo == null || hi == null) {
                    return null;
                }
                return Distribution.normalClipped(mu, sd, lo, hi);
            }
            case "lognormal": {
                YMap p = map(v, sub, "{mu: ..., sigma: ...} (plain numbers) or {mean: ..., std: ...}");
                if (p == null) {
                    return null;
                }
                if (p.has("mean") || p.has("std")) {
                    keys(p, sub, List.of("mean", "std"));
                    double[] ms = pair(v, sub, d, "mean", "std");
                    if (ms == null) {
                        return null;
                    }
                    if (!(ms[0] > 0)) {
                        error(p.get("mean").loc(), join(sub, "mean"), "expected a mean > 0, got "
                                + Units.format(ms[0], d));
                        return null;
                    }
                    double s2 = Math.log(1 + ms[1] * ms[1] / (ms[0] * ms[0]));
                    return Distribution.lognormal(Math.log(ms[0]) - 0.5 * s2, Math.sqrt(s2));
                }
                keys(p, sub, List.of("mu", "sigma", "mean", "std"));
                YNode mu = required(p, "mu", sub, "a plain number (mean of the logarithm of the value in "
                        + (d.unit().isEmpty() ? "plain numbers" : d.unit()) + ")");
                YNode sigma = required(p, "sigma", sub, "a plain number >= 0");
                Double a = mu == null ? null : number(mu, join(sub, "mu"));
                Double b = sigma == null ? null : number(sigma, join(sub, "sigma"));
                return a == null || b == null ? null : Distribution.lognormal(a, b);
            }
            case "exponential": {
                YNode beta = v;
                String bp = sub;
                if (v instanceof YMap p) {
                    keys(p, sub, List.of("beta"));
                    beta = required(p, "beta", sub, d.example() + " (the mean)");
                    bp = join(sub, "beta");
                    if (beta == null) {
                        return null;
                    }
                }
                Double b = quantity(beta, bp, d);
                return b == null ? null : Distribution.exponential(b);
            }
            default:
                error(e.keyLoc, sub, "unknown distribution '" + kind + "'" + NeuronModels.suggestion(kind, DISTRIBUTIONS));
                return null;
        }
    }

    /** Two quantities given as [a, b] or {ka: a, kb: b}. */
    private double[] pair(YNode v, String path, Dimension d, String ka, String kb) {
        YNode a;
        YNode b;
        String pa;
        String pb;
        if (v instanceof YList l && l.items.size() == 2) {
            a = l.items.get(0);
            b = l.items.get(1);
            pa = index(path, 0);
            pb = index(path, 1);
        } else if (v instanceof YMap m) {
            keys(m, path, List.of(ka, kb));
            a = required(m, ka, path, d.example());
            b = required(m, kb, path, d.example());
            pa = join(path, ka);
            pb = join(path, kb);
            if (a == null || b == null) {
                return null;
            }
        } else {
            error(v.loc(), path, "expected [" + ka + ", " + kb + "] or {" + ka + ": ..., " + kb + ": ...}, got "
                    + v.describe());
            return null;
        }
        Double x = quantity(a, pa, d);
        Double y = quantity(b, pb, d);
        return x == null || y == null ? null : new double[] {x, y};
    }

    private static String ex(Dimension d, double v) {
        return switch (d) {
            case TIME -> Units.format(v * 2, d);
            case VOLTAGE -> Units.format(v * 20, d);
            case CURRENT -> Units.format(v * 100, d);
            case CONDUCTANCE -> Units.format(v * 10, d);
            default -> Units.format(v, d);
        };
    }
}
