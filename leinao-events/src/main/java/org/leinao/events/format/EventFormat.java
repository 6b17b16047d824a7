package org.leinao.events.format;

import java.util.Locale;

/** The event file formats Leinao reads, and which of them it also writes. */
public enum EventFormat {
    /** jAER AEDAT 2.0: {@code #} header, big-endian 32-bit address + 32-bit timestamp. */
    AEDAT2("aedat2", "AEDAT 2.0", true, "aedat", "aedat2"),
    /** iniVation AEDAT 3.1: packet headers, little-endian polarity events with overflow counter. */
    AEDAT3("aedat3", "AEDAT 3.1", false, "aedat3"),
    /** iniVation AEDAT 4.0 (DV): FlatBuffers packets, optionally LZ4/ZSTD compressed. */
    AEDAT4("aedat4", "AEDAT 4.0", true, "aedat4"),
    /** Prophesee DAT: {@code %} header, 8-byte events (32-bit time, 14-bit x, 14-bit y, polarity). */
    DAT("dat", "Prophesee DAT", true, "dat"),
    /** Prophesee EVT 2.0 RAW: 32-bit words with a time-high word every 64 µs. */
    EVT2("evt2", "Prophesee EVT 2.0", true, "raw", "evt2"),
    /** Prophesee EVT 3.0 RAW: 16-bit words, stateful, with vectorised x runs. */
    EVT3("evt3", "Prophesee EVT 3.0", true, "evt3"),
    /** N-MNIST / N-Caltech101 binary: 40-bit events, 23-bit time with overflow markers. */
    NMNIST("nmnist", "N-MNIST binary", true, "bin"),
    /** NumPy {@code .npy} structured array with fields t, x, y, p. */
    NPY("npy", "NumPy structured array", true, "npy");

    private final String id;
    private final String title;
    private final boolean writable;
    private final String[] extensions;

    EventFormat(String id, String title, boolean writable, String... extensions) {
        this.id = id;
        this.title = title;
        this.writable = writable;
        this.extensions = extensions;
    }

    /** Short name used on the command line ({@code --to evt3}). */
    public String id() {
        return id;
    }

    /** Human-readable name. */
    public String title() {
        return title;
    }

    /** Whether Leinao can write this format. */
    public boolean writable() {
        return writable;
    }

    /** The usual file extension for output. */
    public String extension() {
        return extensions[0];
    }

    /** Looks a format up by {@link #id()} (case-insensitive). */
    public static EventFormat byId(String id) {
        String s = id.toLowerCase(Locale.ROOT).replace(".", "").replace("-", "");
        for (EventFormat f : values()) {
            if (f.id.equals(s) || f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        if (s.equals("evt20") || s.equals("raw")) {
            return EVT2;
        }
        if (s.equals("evt30")) {
            return EVT3;
        }
        if (s.equals("aedat31") || s.equals("aedat30")) {
            return AEDAT3;
        }
        if (s.equals("ncaltech101") || s.equals("bin")) {
            return NMNIST;
        }
        throw new IllegalArgumentException("unknown event format '" + id + "' (known: " + ids() + ")");
    }

    /** The format an output file name suggests, or null. */
    public static EventFormat byExtension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String ext = lower.substring(dot + 1);
        for (EventFormat f : values()) {
            for (String e : f.extensions) {
                if (e.equals(ext)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Comma-separated list of ids. */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (EventFormat f : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(f.id);
        }
        return sb.toString();
    }
}
