package org.leinao.io.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.engine.spec.Dimension;

/**
 * Maps the problems found by {@link org.leinao.engine.spec.NetworkSpec#validate()} (messages such
 * as {@code projections[3] (exc -> inh).connector.indegree: ...}) back to the file: the engine's
 * projection and recorder indices become the file's entries, the engine's field names become
 * the file's keys, and the location is that of the longest path prefix written in the file.
 *
 * <p>The engine works in canonical units and some of its messages print bare numbers
 * ({@code tau_m: expected a finite value > 0, got -5.0}). A number that ends a clause (before
 * {@code ,} {@code ]} {@code )} {@code ;} or the end) and has no unit gets the canonical unit of its
 * field: the field named just before it ({@code got start 50.0} in {@code stimuli[1]} is
 * {@code stimuli[1].start}), else the field of the message ({@code tau_m: … > 0 ms, got -5 ms}).
 * Numbers of plain-number fields and numbers followed by a word ({@code 32767 steps}) are kept.
 */
final class EngineProblems {
    private static final Pattern PROJECTION = Pattern.compile("projections\\[(\\d+)\\] \\(([^)]*)\\)(\\S*?): (.*)",
            Pattern.DOTALL);
    private static final Pattern STIMULUS = Pattern.compile("stimuli\\[(\\d+)\\](?: \\(([^)]*)\\))?(\\S*?): (.*)",
            Pattern.DOTALL);
    private static final Pattern RECORDER = Pattern.compile("record\\[(\\d+)\\](\\S*?): (.*)", Pattern.DOTALL);
    private static final Pattern PLAIN = Pattern.compile("([^\\s:]+): (.*)", Pattern.DOTALL);
    /** A bare number ending a clause, optionally after the name of its field: "got start 50.0,". */
    private static final Pattern BARE_NUMBER = Pattern.compile(
            "(?<![\\w.])(?:([A-Za-z_]\\w*) )?(-?(?:Infinity|NaN|\\d+(?:\\.\\d+)?(?:E-?\\d+)?))(?=[,;\\])]|$)");

    private EngineProblems() {
    }

    static List<Problem> map(List<String> messages, Map<Integer, String> projectionPaths,
            Map<Integer, String> recorderPaths, Map<String, Loc> locations, Map<String, Dimension> dimensions,
            Loc fallback) {
        List<Problem> out = new ArrayList<>();
        for (String msg : messages) {
            String path;
            String text;
            Matcher m;
            if ((m = PROJECTION.matcher(msg)).matches()) {
                String base = projectionPaths.getOrDefault(Integer.parseInt(m.group(1)), "projections");
                path = base + connectorField(m.group(3));
                text = m.group(2) + ": " + m.group(4);
            } else if ((m = STIMULUS.matcher(msg)).matches()) {
                path = "stimuli[" + m.group(1) + "]" + m.group(3);
                text = m.group(4);
            } else if ((m = RECORDER.matcher(msg)).matches()) {
                path = recorderPaths.getOrDefault(Integer.parseInt(m.group(1)), "record") + m.group(2);
                text = m.group(3);
            } else if ((m = PLAIN.matcher(msg)).matches()) {
                path = m.group(1);
                text = m.group(2);
            } else {
                path = "";
                text = msg;
            }
            out.add(Problem.at(locate(path, locations, fallback), path, withUnits(text, path, dimensions)));
        }
        return out;
    }

    /** The engine's connector field names as written in a file. */
    private static String connectorField(String rest) {
        return rest.replace(".connector.indegree", ".connector.fixed_indegree")
                .replace(".connector.outdegree", ".connector.fixed_outdegree")
                .replace(".connector.N", ".connector.fixed_total_number")
                .replace(".connector.p", ".connector.pairwise_bernoulli")
                .replace(".connector.sources", ".connector.explicit.sources")
                .replace(".connector.targets", ".connector.explicit.targets");
    }

    /** {@code text} with the canonical unit after each bare number of a field that has one. */
    static String withUnits(String text, String path, Map<String, Dimension> dimensions) {
        Matcher m = BARE_NUMBER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Dimension d = m.group(1) == null ? null : dimensions.get(path + "." + m.group(1));
            if (d == null) {
                d = dimensions.get(path);
            }
            String number = m.group(2);
            String replacement = m.group();
            if (d != null && !d.unit().isEmpty()) {
                String value = Units.format(Double.parseDouble(number), d);
                replacement = m.group(1) == null ? value : m.group(1) + " " + value;
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(b).toString();
    }

    /** Location of the longest prefix of {@code path} present in the file. */
    static Loc locate(String path, Map<String, Loc> locations, Loc fallback) {
        String p = path;
        while (!p.isEmpty()) {
            Loc l = locations.get(p);
            if (l != null) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
        return fallback;
    }
}
