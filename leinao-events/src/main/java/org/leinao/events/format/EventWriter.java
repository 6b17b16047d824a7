package org.leinao.events.format;

import java.io.IOException;
import org.leinao.events.EventBatch;

/**
 * Writes events to a file batch by batch. Events must come in non-decreasing time order; writers
 * that cannot represent a value (a negative time, a coordinate beyond the format's bit width) throw
 * {@link IllegalArgumentException} naming the event by its index among all the events the writer
 * was given (not within its batch).
 */
public interface EventWriter extends AutoCloseable {

    /** Appends the valid events of {@code batch}. */
    void write(EventBatch batch) throws IOException;

    /** Finishes the file (trailers, patched headers) and closes it. */
    @Override
    void close() throws IOException;

    /**
     * The writers' coordinate check: throws when event {@code i} (counted from the first the writer
     * was given) at ({@code x}, {@code y}) lies
     * outside 0..maxX × 0..maxY, naming the limit as {@code "beyond " + limit}.
     */
    static void checkCoordinates(long i, short x, short y, int maxX, int maxY, String limit) {
        if (x < 0 || y < 0 || x > maxX || y > maxY) {
            throw new IllegalArgumentException("event " + i + ": (" + x + ", " + y + ") beyond " + limit);
        }
    }

    /**
     * What the writers whose timestamps count from 0 advise when a time is too large for them, as a
     * time counted from a camera clock is: the CLI option and the Java API that shift times.
     */
    String SHIFT_ADVICE = "shift the times first (option --time-shift first of leinao events convert and slice;"
            + " org.leinao.events.transform.TimeShift in Java)";

    /**
     * Why time {@code t} of event i cannot follow {@code lastT} (Long.MIN_VALUE before the first) in
     * a format of 32-bit timestamps that wrap (AEDAT 2.0, DAT).
     */
    static String timeProblem(long i, long t, long lastT, String format) {
        String why = t < 0 ? "is negative"
                : lastT != Long.MIN_VALUE && t < lastT ? "comes before the previous event's " + lastT + " µs"
                : lastT == Long.MIN_VALUE ? "does not fit the first 32-bit timestamp (2^32 µs or more, as times"
                        + " counted from a camera clock are): " + SHIFT_ADVICE
                : "is 2^31 µs or more after the previous event's " + lastT + " µs";
        return "event " + i + ": time " + t + " µs " + why + "; " + format + " needs non-negative, non-decreasing"
                + " times with gaps below 2^31 µs";
    }
}
