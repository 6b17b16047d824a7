package org.leinao.io.model;

import java.util.ArrayList;
import java.util.List;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.io.model.YNode.YList;
import org.leinao.io.model.YNode.YMap;
import org.leinao.io.model.YNode.YScalar;

/**
 * Applies {@code --set path=value} overrides to a model-file tree before it is read, so an
 * overridden value gets exactly the checks of a value written in the file. The path is the
 * file's own keys joined by dots, with {@code [i]} for list items ({@code populations.exc.size},
 * {@code projections[0].weight}, {@code stimuli[1].rate}); the value is YAML ({@code 2 s},
 * {@code [exc, inh]}, {@code {uniform: [0 mV, 20 mV]}}). Missing keys are created (and then
 * checked like any key), except population names and list items, which must exist. Problems of
 * an override are reported against {@code --set path=value}.
 */
final class Overrides {
    private Overrides() {
    }

    /** A path segment: a key or a list index. */
    private record Segment(String key, int index) {
        boolean isIndex() {
            return key == null;
        }
    }

    static void apply(YMap root, List<String> overrides, List<Problem> problems) {
        for (String o : overrides) {
            applyOne(root, o, problems);
        }
    }

    private static void applyOne(YMap root, String override, List<Problem> problems) {
        Loc here = new Loc("--set " + override, 0, 0);
        int eq = override.indexOf('=');
        if (eq <= 0) {
            problems.add(Problem.at(here, "", "expected path=value, e.g. populations.exc.size=2000"));
            return;
        }
        String path = override.substring(0, eq).strip();
        String text = override.substring(eq + 1).strip();
        List<Segment> segs = segments(path);
        if (segs == null) {
            problems.add(Problem.at(here, path, "expected a path of keys separated by '.' with [i] for list items,"
                    + " e.g. projections[0].weight"));
            return;
        }
        List<Problem> valueProblems = new ArrayList<>();
        YNode value = YamlTree.parse(text, here.source(), valueProblems);
        if (value == null) {
            for (Problem p : valueProblems) {
                problems.add(Problem.at(here, path, p.message()));
            }
            return;
        }
        value = relocate(value, here);
        YNode cur = root;
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            boolean last = i == segs.size() - 1;
            String where = at.isEmpty() ? "the file" : at.toString();
            if (s.isIndex()) {
                if (!(cur instanceof YList l)) {
                    problems.add(Problem.at(here, path, where + " is not a list, so [" + s.index() + "] does not apply"));
                    return;
                }
                if (s.index() >= l.items.size()) {
                    problems.add(Problem.at(here, path, where + " has " + l.items.size() + " item(s), so index "
                            + s.index() + " does not exist"));
                    return;
                }
                at.append('[').append(s.index()).append(']');
                if (last) {
                    l.items.set(s.index(), value);
                    return;
                }
                cur = l.items.get(s.index());
            } else {
                if (!(cur instanceof YMap m)) {
                    problems.add(Problem.at(here, path, where + " is " + cur.describe() + ", not a mapping, so it has no key '"
                            + s.key() + "'"));
                    return;
                }
                boolean underPopulations = at.toString().equals("populations") && m == root.get("populations");
                at.append(at.isEmpty() ? "" : ".").append(s.key());
                if (last) {
                    YNode.Entry e = m.entries().get(s.key());
                    if (e != null) {
                        e.value = value;
                    } else if (underPopulations) {
                        problems.add(Problem.at(here, path, "unknown population '" + s.key() + "'"
                                + NeuronModels.suggestion(s.key(), m.entries().keySet())));
                    } else {
                        m.put(s.key(), here, value);
                    }
                    return;
                }
                YNode next = m.get(s.key());
                if (next == null || Reader.isNull(next)) {
                    if (underPopulations) {
                        problems.add(Problem.at(here, path, "unknown population '" + s.key() + "'"
                                + NeuronModels.suggestion(s.key(), m.entries().keySet())));
                        return;
                    }
                    if (segs.get(i + 1).isIndex()) {
                        problems.add(Problem.at(here, path, at + " has no items, so ["
                                + segs.get(i + 1).index() + "] does not exist"));
                        return;
                    }
                    next = new YMap(here);
                    if (m.has(s.key())) {
                        m.entries().get(s.key()).value = next;
                    } else {
                        m.put(s.key(), here, next);
                    }
                }
                cur = next;
            }
        }
    }

    /** Splits {@code a.b[2].c} into segments, or null if malformed. */
    private static List<Segment> segments(String path) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        if (n == 0) {
            return null;
        }
        while (i < n) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    return null;
                }
                try {
                    int idx = Integer.parseInt(path.substring(i + 1, close).strip());
                    if (idx < 0) {
                        return null;
                    }
                    out.add(new Segment(null, idx));
                } catch (NumberFormatException e) {
                    return null;
                }
                i = close + 1;
                if (i < n && path.charAt(i) == '.') {
                    i++;
                    if (i == n) {
                        return null;
                    }
                }
            } else {
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                if (j == i) {
                    return null;
                }
                out.add(new Segment(path.substring(i, j).strip(), -1));
                i = j;
                if (i < n && path.charAt(i) == '.') {
                    i++;
                    if (i == n) {
                        return null;
                    }
                }
            }
        }
        return out;
    }

    /** A copy of {@code n} whose every node is located at {@code loc}. */
    static YNode relocate(YNode n, Loc loc) {
        if (n instanceof YMap m) {
            YMap c = new YMap(loc);
            for (YNode.Entry e : m.entries().values()) {
                c.put(e.key, loc, relocate(e.value, loc));
            }
            return c;
        }
        if (n instanceof YList l) {
            YList c = new YList(loc);
            for (YNode x : l.items) {
                c.items.add(relocate(x, loc));
            }
            return c;
        }
        YScalar s = (YScalar) n;
        return new YScalar(s.text(), s.kind(), loc);
    }
}
