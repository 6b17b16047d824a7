package org.leinao.events.transform;

import java.io.IOException;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.format.EventWriter;

/**
 * Moves every event's time back by one offset, {@code t' = t - shift}, so that times counted from a
 * camera clock (AEDAT 4.0 and DV count µs since 1970) fit formats whose timestamps count from 0
 * (DAT, EVT 2.0, AEDAT 2.0, N-MNIST) or stay compact in EVT 3.0.
 *
 * <p>{@link #first()} moves the earliest event to 0: on a recording in memory ({@link #apply}) it
 * subtracts the smallest time, as Tonic's {@code TimeAlignment} does ({@code tonic/transforms.py});
 * on a stream ({@link #wrap}) it subtracts the first written event's time, which is the earliest for
 * a recording in time order (every reader's output), like Metavision's {@code time_shift} file hint;
 * an event written later with an earlier time is then an error that says so. {@link #by(long)}
 * subtracts a given offset, the same for every file (e.g. so that slices or several files of one
 * recording keep a common origin). A time that would become negative, or leave the range of a
 * {@code long}, is an {@link IllegalArgumentException} naming the event; nothing is clamped.
 *
 * <pre>{@code
 * try (EventReader r = EventFiles.open(in);
 *      EventWriter w = TimeShift.first().wrap(EventFiles.create(out, EventFormat.DAT, r.sensor(), null))) {
 *     r.forEachBatch(w::write);
 * }
 * }</pre>
 */
public final class TimeShift {

    private static final TimeShift FIRST = new TimeShift(true, 0);

    private final boolean fromFirst;
    private final long micros;

    private TimeShift(boolean fromFirst, long micros) {
        this.fromFirst = fromFirst;
        this.micros = micros;
    }

    /**
     * Subtracts the earliest time: the smallest time of a recording ({@link #apply}), the first
     * event's time of a stream ({@link #wrap}).
     */
    public static TimeShift first() {
        return FIRST;
    }

    /** Subtracts {@code micros} µs from every time (a negative value moves times later). */
    public static TimeShift by(long micros) {
        return new TimeShift(false, micros);
    }

    /** True for {@link #first()}: the offset is the first event's time. */
    public boolean fromFirst() {
        return fromFirst;
    }

    /**
     * The offset for a stream whose first event is at {@code firstTime} µs: that time for
     * {@link #first()}, the given offset for {@link #by(long)}.
     */
    public long offset(long firstTime) {
        return fromFirst ? firstTime : micros;
    }

    /**
     * A copy of {@code rec} with shifted times ({@link #first()}: minus the smallest time, so the
     * earliest event is at 0 whatever the order of the events).
     *
     * @throws IllegalArgumentException when a shifted time would be negative
     */
    public EventRecording apply(EventRecording rec) {
        EventRecording out = rec.copy();
        EventBatch e = out.events();
        int n = e.size();
        if (n > 0) {
            subtract(e, fromFirst ? java.util.Arrays.stream(e.t(), 0, n).min().getAsLong() : micros, 0);
        }
        return out;
    }

    /**
     * A writer that passes shifted copies of the batches it is given to {@code inner} (the caller's
     * batches are not changed) and closes {@code inner} when closed. With {@link #first()} the offset
     * is the time of the first event written.
     *
     * <p>{@link EventWriter#write} throws {@link IllegalArgumentException} naming the event (counted
     * from the first written) when a shifted time would be negative.
     */
    public EventWriter wrap(EventWriter inner) {
        return new Shifting(inner, this);
    }

    /**
     * Shifts the first {@code size()} times of {@code e} in place.
     *
     * @param before events written before this batch, so that a message names the event in the stream
     */
    private void subtract(EventBatch e, long shift, long before) {
        long[] t = e.t();
        int n = e.size();
        for (int i = 0; i < n; i++) {
            long v = t[i] - shift;
            // Overflow only when the operands' signs differ and the result's sign is not t's.
            if (v < 0 || ((t[i] ^ shift) & (t[i] ^ v)) < 0) {
                throw new IllegalArgumentException(problem(before + i, t[i], shift));
            }
            t[i] = v;
        }
    }

    private String problem(long index, long t, long shift) {
        String start = "event " + index + ": time " + t + " µs ";
        if (fromFirst) {
            return start + "comes before the first event's " + shift + " µs, the origin of the time shift;"
                    + " shifted times must be non-negative (the events are not in time order: give the shift"
                    + " as the earliest time instead)";
        }
        String result;
        try {
            result = Math.subtractExact(t, shift) + " µs";
        } catch (ArithmeticException e) {
            result = "beyond the range of a 64-bit time";
        }
        return start + "minus the time shift of " + shift + " µs is " + result
                + "; shifted times must be non-negative (shift by at most the earliest time)";
    }

    @Override
    public String toString() {
        return fromFirst ? "first" : micros + " µs";
    }

    /** The writer of {@link #wrap}: one reused scratch batch, no copy of x, y, p beyond it. */
    private static final class Shifting implements EventWriter {
        private final EventWriter inner;
        private final TimeShift how;
        private final EventBatch scratch = new EventBatch(0);
        private long written;
        private long shift;

        Shifting(EventWriter inner, TimeShift how) {
            this.inner = inner;
            this.how = how;
        }

        @Override
        public void write(EventBatch batch) throws IOException {
            int n = batch.size();
            if (n == 0) {
                return;
            }
            if (written == 0) {
                shift = how.offset(batch.t()[0]);
            }
            scratch.clear();
            scratch.addRange(batch, 0, n);
            how.subtract(scratch, shift, written);
            inner.write(scratch);
            written += n;
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
