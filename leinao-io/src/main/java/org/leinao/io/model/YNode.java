package org.leinao.io.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML tree that remembers where every node and every key was written, so that each problem
 * can name its line and column. Built by {@link YamlTree}; mutable only while overrides are
 * applied.
 */
sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    /** Where the node starts. */
    Loc loc();

    /** A short description of the node for "got ..." in messages. */
    String describe();

    /** A mapping with keys in file order. */
    final class YMap implements YNode {
        private final Loc loc;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        YMap(Loc loc) {
            this.loc = loc;
        }

        @Override
        public Loc loc() {
            return loc;
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        Map<String, Entry> entries() {
            return entries;
        }

        /** The value of {@code key}, or null. */
        YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value;
        }

        /** Where {@code key} was written, or the map's location. */
        Loc keyLoc(String key) {
            Entry e = entries.get(key);
            return e == null ? loc : e.keyLoc;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        void put(String key, Loc keyLoc, YNode value) {
            entries.put(key, new Entry(key, keyLoc, value));
        }
    }

    /** One key of a mapping with the location of the key itself. */
    final class Entry {
        final String key;
        final Loc keyLoc;
        YNode value;

        Entry(String key, Loc keyLoc, YNode value) {
            this.key = key;
            this.keyLoc = keyLoc;
            this.value = value;
        }
    }

    /** A sequence. */
    final class YList implements YNode {
        private final Loc loc;
        final List<YNode> items = new ArrayList<>();

        YList(Loc loc) {
            this.loc = loc;
        }

        @Override
        public Loc loc() {
            return loc;
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar with its source text.
     *
     * @param text the text as written (without quotes)
     * @param kind how YAML typed it
     * @param loc where it was written
     */
    record YScalar(String text, Kind kind, Loc loc) implements YNode {
        /** YAML's typing of a scalar. */
        enum Kind { STRING, INT, FLOAT, BOOL, NULL }

        @Override
        public String describe() {
            return kind == Kind.NULL ? "nothing" : "\"" + text + "\"";
        }
    }
}
