package org.leinao.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;

/**
 * Summary of an event file, computed in one streaming pass with one bounded batch, so that it works
 * on files of any size in a small heap (what {@code leinao events info} prints).
 *
 * @param format      detected format
 * @param sensor      declared sensor size (may be unknown)
 * @param count       number of polarity events
 * @param on          number of ON events
 * @param firstT      first timestamp, µs (0 when empty)
 * @param lastT       last timestamp, µs (0 when empty)
 * @param minT        earliest timestamp, µs (0 when empty); {@code firstT} unless times go backwards
 * @param maxT        latest timestamp, µs (0 when empty); {@code lastT} unless times go backwards
 * @param maxX        largest x seen (-1 when empty)
 * @param maxY        largest y seen (-1 when empty)
 * @param backwards   number of events whose time is before their predecessor's
 * @param skipped     non-polarity records skipped (AEDAT 4.0: packets of other streams)
 * @param streams     stream descriptions
 * @param created     when the recording was made, ms since 1970, as its header states it
 *                    ({@link EventReader#createdMillis()}; empty when it states none)
 */
public record EventStats(EventFormat format, SensorSize sensor, long count, long on, long firstT, long lastT,
        long minT, long maxT, int maxX, int maxY, long backwards, long skipped, List<String> streams,
        java.util.OptionalLong created) {

    /** Reads {@code file} to the end. */
    public static EventStats of(Path file) throws IOException {
        try (EventReader r = EventFiles.open(file)) {
            return of(r);
        }
    }

    /** Reads what is left of {@code r}. */
    public static EventStats of(EventReader r) throws IOException {
        Accumulator a = new Accumulator();
        r.forEachBatch(a);
        boolean none = a.count == 0;
        return new EventStats(r.format(), r.sensor(), a.count, a.on, a.first, none ? 0 : a.last, none ? 0 : a.min,
                none ? 0 : a.max, a.mx, a.my, a.back, r.skippedRecords(), r.streams(), r.createdMillis());
    }

    /** The running sums of {@link #of(EventReader)}, over the batches a reader lends. */
    private static final class Accumulator implements EventReader.BatchConsumer {
        long count;
        long on;
        long first;
        long last = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long back;
        int mx = -1;
        int my = -1;

        @Override
        public void accept(EventBatch b) {
            long[] t = b.t();
            short[] x = b.x();
            short[] y = b.y();
            byte[] p = b.p();
            int n = b.size();
            if (count == 0) {
                first = t[0];
            }
            long prev = last;
            long lo = min;
            long hi = max;
            long backs = 0;
            long ons = 0;
            int maxX = mx;
            int maxY = my;
            for (int i = 0; i < n; i++) {
                if (t[i] < prev) {
                    backs++;
                    lo = Math.min(lo, t[i]); // only an event that goes back can be below the first
                }
                prev = t[i];
                ons += p[i];
                maxX = Math.max(maxX, x[i]);
                maxY = Math.max(maxY, y[i]);
            }
            last = prev;
            // in time order the batch's first event is its minimum and its last the maximum
            min = Math.min(lo, t[0]);
            max = Math.max(hi, backs == 0 ? prev : maxOf(t, n));
            back += backs;
            on += ons;
            mx = maxX;
            my = maxY;
            count += n;
        }
    }

    private static long maxOf(long[] t, int n) {
        long m = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, t[i]);
        }
        return m;
    }

    /**
     * The time the events span, latest minus earliest timestamp, µs: last minus first when times
     * only go forward, and never negative when they go back.
     */
    public long duration() {
        return maxT - minT;
    }

    /** Mean event rate in events per second (0 when the duration is 0). */
    public double rate() {
        return duration() > 0 ? count * 1e6 / duration() : 0;
    }

    /** Fraction of ON events (NaN when empty). */
    public double onFraction() {
        return count == 0 ? Double.NaN : (double) on / count;
    }

    /** Human-readable multi-line report. */
    public String report(Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append("file:        ").append(file).append('\n');
        sb.append("format:      ").append(format.title()).append('\n');
        sb.append("sensor:      ").append(sensor.isKnown() ? sensor.toString() : "not declared")
                .append(count > 0 ? " (events span x 0.." + maxX + ", y 0.." + maxY + ")" : "").append('\n');
        sb.append("events:      ").append(count).append('\n');
        sb.append(String.format(java.util.Locale.ROOT, "duration:    %.6f s (t %d .. %d us", duration() * 1e-6, minT, maxT));
        // out of order, the first and last events are not the ends of the span: name both
        sb.append(backwards > 0 ? ", earliest .. latest; first " + firstT + ", last " + lastT + " us)\n" : ")\n");
        sb.append(String.format(java.util.Locale.ROOT, "rate:        %.1f events/s%n", rate()));
        sb.append(String.format(java.util.Locale.ROOT, "polarity:    %d ON / %d OFF (%.1f%% ON)%n", on, count - on,
                count == 0 ? 0.0 : 100 * onFraction()));
        if (skipped > 0) {
            // AEDAT 4.0 skips whole packets of the other streams, each of many samples or a frame
            sb.append("skipped:     ").append(skipped).append(format == EventFormat.AEDAT4
                    ? " packets of other streams\n" : " non-polarity records\n");
        }
        if (backwards > 0) {
            sb.append("warning:     ").append(backwards).append(" events go back in time\n");
        }
        for (String s : streams) {
            sb.append("stream:      ").append(s).append('\n');
        }
        if (created.isPresent()) {
            sb.append("created:     ").append(java.time.Instant.ofEpochMilli(created.getAsLong())).append(" (the header's ")
                    .append(created.getAsLong()).append(" ms since 1970; event times count from the camera's zero)\n");
        }
        return sb.toString();
    }

    /** Prints the report of each file; used by the bounded-memory test in a small-heap JVM. */
    public static void main(String[] args) throws IOException {
        for (String a : args) {
            System.out.print(of(Path.of(a)).report(Path.of(a)));
        }
    }
}
