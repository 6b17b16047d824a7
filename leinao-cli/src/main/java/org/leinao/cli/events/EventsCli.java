package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.cli.UserException;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.FormatDetector;
import org.leinao.events.io.EventFormatException;
import org.leinao.events.transform.TimeShift;

/** Shared helpers of the events commands: option parsing and turning I/O problems into user errors. */
final class EventsCli {

    /** In-memory commands (render, slice) refuse bigger files rather than exhaust the heap. */
    static final long MAX_IN_MEMORY = 200_000_000L;

    private EventsCli() {
    }

    /** A non-negative number (digits, an optional fraction and exponent) and a time unit, a space allowed. */
    private static final Pattern DURATION = Pattern.compile("\\+?(\\d+(?:\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*(\\S*)");

    /**
     * Parses the duration of option {@code option} in µs: a number and a unit, {@code us} (or {@code µs}),
     * {@code ms} or {@code s}, e.g. {@code 250us}, {@code 10ms}, {@code 1.5 s}. The unit is required and
     * case-sensitive, as in model files ({@code docs/model-files.md}, "Quantities and units"): a bare
     * {@code --window 10} was read as 10 µs, and a user who meant 10 ms got a thousand times the frames.
     */
    static long micros(String option, String text) {
        String s = text.strip();
        Matcher m = DURATION.matcher(s);
        String example = option + " " + (m.matches() ? m.group(1) + (m.group(2) == null ? "" : m.group(2)) : "10") + "ms";
        if (!m.matches()) {
            throw new UserException(option + " " + text + ": not a duration; expected a non-negative number and a unit"
                    + " (us or µs, ms, s), e.g. " + example);
        }
        String unit = m.group(3);
        long scale = switch (unit) {
            case "us", "µs" -> 1;
            case "ms" -> 1_000;
            case "s" -> 1_000_000;
            case "" -> throw new UserException(option + " " + text + ": a duration needs a unit (us or µs, ms, s),"
                    + " e.g. " + example);
            default -> throw new UserException(option + " " + text + ": unknown time unit '" + unit + "'; expected us"
                    + " or µs, ms, s (case-sensitive, as in model files), e.g. " + example);
        };
        try {
            if (m.group(2) == null && m.group(1).chars().allMatch(Character::isDigit)) {
                // integers stay exact: camera-clock times (~1.6e15 µs) are near a double's 2^53 limit
                return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
            }
            double v = Double.parseDouble(m.group(1) + (m.group(2) == null ? "" : m.group(2))) * scale;
            if (v > Long.MAX_VALUE / 2.0) {
                throw new ArithmeticException();
            }
            return Math.round(v);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new UserException(option + " " + text + ": too long a duration");
        }
    }

    /**
     * Parses {@code --time-shift}: {@code first}, or a time to subtract with a unit like every other
     * duration ({@code 1605537493718345us}, {@code 10ms}, {@code 2s}); null when the option is absent.
     */
    static TimeShift timeShift(String text) {
        if (text == null) {
            return null;
        }
        if (text.strip().equals("first")) {
            return TimeShift.first();
        }
        if (text.strip().matches("\\d+")) {
            // A bare number is refused here too, for the same reason as in --window: one rule for every
            // time option. The suggestion keeps the digits, so a camera-clock time is one edit away.
            throw new UserException("--time-shift " + text + ": a time needs a unit, e.g. --time-shift " + text.strip()
                    + "us (µs), or 'first' (the first event moves to 0)");
        }
        if (!text.strip().matches("[+.\\d].*")) {
            throw new UserException("--time-shift " + text + ": expected 'first' (the first event moves to 0) or a"
                    + " non-negative time to subtract with a unit, e.g. 1605537493718345us, 10ms, 2s");
        }
        return TimeShift.by(micros("--time-shift", text));
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

    /**
     * Refuses a {@code --sensor} that contradicts the size the file declares: it was silently ignored
     * (the declared size wins), while a model file's {@code sensor} refuses the same mismatch.
     */
    static void checkSensor(Path file, EventReader r, SensorSize given) {
        if (given != null && r.sensor().isKnown() && !r.sensor().equals(given)) {
            throw new UserException("--sensor " + given + ": " + file + " declares a " + r.sensor() + " sensor;"
                    + " leave --sensor out (it is for files that declare none) or give " + r.sensor());
        }
    }

    static EventFormat format(String id) {
        try {
            return EventFormat.byId(id);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The description of every command's {@code --from} option. */
    static final String FROM_HELP = "input format when the file's header does not name it, e.g. evt2 or evt3 for"
            + " header-less RAW data (default: detected from the content)";

    /**
     * Opens {@code file} as {@code from} (an id such as {@code evt3}) or, when null, as the format its
     * content shows.
     */
    static EventReader open(Path file, String from, SensorSize sensor) throws IOException {
        EventFormat f = from == null ? FormatDetector.detect(file) : format(from);
        return EventFiles.open(file, f, sensor);
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
