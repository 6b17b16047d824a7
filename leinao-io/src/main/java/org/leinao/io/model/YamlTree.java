package org.leinao.io.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.util.List;
import org.leinao.io.model.YNode.YList;
import org.leinao.io.model.YNode.YMap;
import org.leinao.io.model.YNode.YScalar;

/**
 * Parses YAML text into a {@link YNode} tree from the token stream of Jackson's YAML parser,
 * recording the line and column of every key and value. A syntax error becomes one
 * {@link Problem} at its position; duplicate keys are reported too.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String source;
    private final List<Problem> problems;

    private YamlTree(String source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /**
     * Parses {@code text}; returns null (after adding a problem) on a syntax error.
     *
     * @param source file name used in locations (or the override text)
     */
    static YNode parse(String text, String source, List<Problem> problems) {
        YamlTree t = new YamlTree(source, problems);
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken tok = p.nextToken();
            if (tok == null) {
                return new YScalar("", YScalar.Kind.NULL, new Loc(source, 1, 1));
            }
            YNode root = t.read(p, tok, "");
            if (p.nextToken() != null) {
                t.syntax(p.currentTokenLocation(), "expected a single YAML document, found more");
            }
            return root;
        } catch (StreamReadException e) {
            MarkedYAMLException marked = marked(e);
            if (marked != null && marked.getProblemMark() != null) {
                Mark m = marked.getProblemMark();
                String what = marked.getProblem() == null ? "syntax error" : marked.getProblem().strip();
                if (what.contains("<block end>") || what.contains("mapping values are not allowed")) {
                    what += " (check the indentation and the ':' after each key)";
                }
                problems.add(new Problem(source, m.getLine() + 1, m.getColumn() + 1, "", "invalid YAML: " + what));
            } else {
                t.syntax(e.getLocation(), cleanMessage(e.getOriginalMessage()));
            }
            return null;
        } catch (JacksonException e) {
            t.syntax(null, cleanMessage(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            t.syntax(null, String.valueOf(e.getMessage()));
            return null;
        }
    }

    private static MarkedYAMLException marked(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private void syntax(JsonLocation l, String message) {
        int line = l == null ? 0 : Math.max(0, l.getLineNr());
        int col = l == null ? 0 : Math.max(0, l.getColumnNr());
        problems.add(new Problem(source, line, col, "", "invalid YAML: " + message));
    }

    /** The first line of SnakeYAML's multi-line message, e.g. "mapping values are not allowed here". */
    private static String cleanMessage(String m) {
        if (m == null) {
            return "syntax error";
        }
        StringBuilder b = new StringBuilder();
        for (String line : m.split("\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("in 'reader'") || s.startsWith("in '") || s.startsWith("^")
                    || s.startsWith("at [Source")) {
                continue;
            }
            if (s.startsWith("\"") || s.contains("line ") && s.contains("column ")) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(s);
            if (b.length() > 160) {
                break;
            }
        }
        return b.isEmpty() ? m.strip() : b.toString();
    }

    private Loc loc(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Loc(source, l.getLineNr(), l.getColumnNr());
    }

    private YNode read(JsonParser p, JsonToken tok, String path) throws IOException {
        // Anchors and aliases would be read as their names: refuse them rather than misread a value.
        if (p instanceof YAMLParser y && (y.isCurrentAlias() || y.getObjectId() != null)) {
            problems.add(Problem.at(loc(p), path, "YAML anchors (&name) and aliases (*name) are not supported;"
                    + " write the value out (or use 'like' for populations)"));
        }
        switch (tok) {
            case START_OBJECT: {
                YMap m = new YMap(loc(p));
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Loc keyLoc = loc(p);
                    String sub = path.isEmpty() ? key : path + "." + key;
                    YNode value = read(p, p.nextToken(), sub);
                    if (m.has(key)) {
                        problems.add(Problem.at(keyLoc, sub, "duplicate key '" + key + "' (first at line "
                                + m.keyLoc(key).line() + ")"));
                    } else {
                        m.put(key, keyLoc, value);
                    }
                }
                return m;
            }
            case START_ARRAY: {
                YList list = new YList(loc(p));
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.items.add(read(p, t, path + "[" + list.items.size() + "]"));
                }
                return list;
            }
            case VALUE_STRING:
                // "key:" with nothing after it arrives as an empty string; treat it as missing.
                return p.getText().isEmpty() ? new YScalar("", YScalar.Kind.NULL, loc(p))
                        : new YScalar(p.getText(), YScalar.Kind.STRING, loc(p));
            case VALUE_NUMBER_INT:
                return new YScalar(p.getText(), YScalar.Kind.INT, loc(p));
            case VALUE_NUMBER_FLOAT:
                return new YScalar(p.getText(), YScalar.Kind.FLOAT, loc(p));
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YScalar(p.getText(), YScalar.Kind.BOOL, loc(p));
            case VALUE_NULL:
                return new YScalar("", YScalar.Kind.NULL, loc(p));
            default:
                return new YScalar(p.getText(), YScalar.Kind.STRING, loc(p));
        }
    }
}
