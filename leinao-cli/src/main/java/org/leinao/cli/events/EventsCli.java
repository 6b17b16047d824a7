package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.leinao.cli.UserException;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.EventFormatException;
import org.leinao.events.transform.TimeShift;

/** Shared helpers of the events commands: option parsing and turning I/O problems into user errors. */
final class EventsCli {

    /** In-memory commands (render, slice) refuse bigger files rather than exhaust the heap. */
    static final long MAX_IN_MEMORY = 200_000_000L;

    private EventsCli() {
    }

    /** Parses {@code 10ms}, {@code 1.5s}, {@code 250us} or a bare number of µs. */
    static long micros(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        double scale = 1;
        if (s.endsWith("us") || s.endsWith("µs")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("ms")) {
            s = s.substring(0, s.length() - 2);
            scale = 1e3;
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
            scale = 1e6;
        }
        try {
            double v = Double.parseDouble(s.trim()) * scale;
            if (!(v >= 0) || v > Long.MAX_VALUE / 2.0) {
                throw new NumberFormatException();
            }
            return Math.round(v);
        } catch (NumberFormatException e) {
            throw new UserException("'" + text + "' is not a duration (expected e.g. 10ms, 1s, 500us)");
        }
    }

    /**
     * Parses {@code --time-shift}: {@code first}, or a time to subtract, in µs ({@code 1605537493718345})
     * or with a unit ({@code 10ms}, {@code 2s}); null when the option is absent.
     */
    static TimeShift timeShift(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.equalsIgnoreCase("first")) {
            return TimeShift.first();
        }
        try {
            // parsed as an integer first: camera-clock times (~1.6e15 µs) are near a double's 2^53 limit
            long v = Long.parseLong(s);
            if (v >= 0) {
                return TimeShift.by(v);
            }
        } catch (NumberFormatException e) {
            try {
                return TimeShift.by(micros(s));
            } catch (UserException u) {
                // reported below with the option's name
            }
        }
        throw new UserException("--time-shift " + text + ": expected 'first' (the first event moves to 0) or a"
                + " non-negative time to subtract, e.g. 1605537493718345 (µs), 10ms, 2s");
    }

    static SensorSize sensor(String text) {
        if (text == null) {
            return null;
        }
        try {
            return SensorSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    static EventFormat format(String id) {
        try {
            return EventFormat.byId(id);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new UserException(p + (Files.isDirectory(p) ? ": is a folder, expected an event file"
                    : ": no such file"));
        }
    }

    /** An output folder must be new or empty, so that outputs never mix with other files. */
    static void requireFreshFolder(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UserException(dir + ": exists and is not a folder; choose a new folder with --out");
            }
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UserException(dir + ": folder is not empty; choose a new or empty folder with --out");
                }
            } catch (java.io.IOException e) {
                throw new UserException(dir + ": cannot read the folder: " + e.getMessage());
            }
        }
    }

    /** The one-line message for an I/O failure. */
    static UserException fail(IOException e) {
        if (e instanceof EventFormatException) {
            return new UserException(e.getMessage());
        }
        if (e instanceof NoSuchFileException n) {
            return new UserException(n.getFile() + ": no such file");
        }
        return new UserException(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
