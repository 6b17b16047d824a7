package org.leinao.events.transform;

import java.util.ArrayList;
import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;

/**
 * Slicing a time-sorted recording into index ranges {@code [start, end)}, with Tonic's slicers'
 * semantics ({@code SliceByTime}, {@code SliceByEventCount}, and the {@code n_time_bins} /
 * {@code n_event_bins} splits of {@code ToFrame}). Ranges are returned rather than copies so that
 * representations can walk the original arrays.
 */
public final class Slicer {

    /**
     * Most ranges one call returns. Each range is a small heap object and the CLI writes one file per
     * slice, so a request beyond this (e.g. {@code --slices 2000000000}) is refused with an
     * {@link IllegalArgumentException} before anything is allocated, not left to run out of memory.
     */
    public static final int MAX_SLICES = 1_000_000;

    private Slicer() {
    }

    /**
     * Windows of {@code window} µs starting at the first event, each {@code stride = window - overlap}
     * µs after the previous: {@code floor((duration - window) / stride) + 1} of them ({@code ceil} when
     * {@code includeIncomplete}), at least one, as Tonic's {@code slice_events_by_time}. A window holds
     * the events with {@code start <= t < start + window}.
     */
    public static List<int[]> byTime(EventBatch e, long window, long overlap, boolean includeIncomplete) {
        if (window <= 0 || overlap < 0 || overlap >= window) {
            throw new IllegalArgumentException("need window > 0 and 0 <= overlap < window, got " + window + ", " + overlap);
        }
        List<int[]> out = new ArrayList<>();
        if (e.size() == 0) {
            return out;
        }
        long t0 = e.t()[0];
        long stride = window - overlap;
        double q = (double) (e.t()[e.size() - 1] - t0 - window) / stride;
        // Tonic: ceil (incomplete windows kept) or floor, plus one, and at least one window
        long n = Math.max(1, (long) (includeIncomplete ? Math.ceil(q) : Math.floor(q)) + 1);
        if (n > MAX_SLICES) {
            throw new IllegalArgumentException("window " + window + " µs with overlap " + overlap + " µs gives " + n
                    + " slices, more than the limit of " + MAX_SLICES);
        }
        int lo = 0;
        for (long k = 0; k < n; k++) {
            long start = t0 + k * stride;
            lo = lowerBound(e, start, lo);
            int hi = lowerBound(e, start + window, lo);
            out.add(new int[] {lo, hi});
        }
        return out;
    }

    /**
     * Windows of {@code count} events, each starting {@code count - overlap} events after the previous;
     * a last shorter window is kept when {@code includeIncomplete}.
     */
    public static List<int[]> byCount(EventBatch e, int count, int overlap, boolean includeIncomplete) {
        if (count <= 0 || overlap < 0 || overlap >= count) {
            throw new IllegalArgumentException("need count > 0 and 0 <= overlap < count, got " + count + ", " + overlap);
        }
        if (e.size() > 0 && count > e.size()) {
            // Tonic's SliceByEventCount: event_count = min(event_count, n_events), so one slice of all.
            count = e.size();
            if (overlap >= count) {
                throw new IllegalArgumentException("overlap " + overlap + " must be below the " + count
                        + " events of the recording");
            }
        }
        int stride = count - overlap;
        // complete windows, plus at most one shorter one
        long n = (e.size() >= count ? (e.size() - count) / stride + 1 : 0) + (includeIncomplete ? 1 : 0);
        if (n > MAX_SLICES) {
            throw new IllegalArgumentException("count " + count + " with overlap " + overlap + " on " + e.size()
                    + " events gives up to " + n + " slices, more than the limit of " + MAX_SLICES);
        }
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start < e.size(); start += stride) {
            int end = start + count;
            if (end > e.size()) {
                if (includeIncomplete) {
                    out.add(new int[] {start, e.size()});
                }
                break;
            }
            out.add(new int[] {start, end});
            if (end == e.size()) {
                break;
            }
        }
        return out;
    }

    /**
     * {@code n} windows of equal duration, as Tonic's {@code SliceByTimeBins} ({@code tonic/slicers.py}):
     * window {@code (t_last - t_first) // n · (1 + overlap)} µs, stride {@code window · (1 - overlap)},
     * the i-th from {@code t_first + i · stride} (inclusive) to its start plus the window (exclusive),
     * so that, as in Tonic, the events at the very end of the recording may fall in no window.
     */
    public static List<int[]> intoTimeBins(EventBatch e, int n, double overlapFraction) {
        checkCount(n);
        checkOverlap(overlapFraction);
        List<int[]> out = new ArrayList<>();
        if (e.size() == 0) {
            for (int i = 0; i < n; i++) {
                out.add(new int[] {0, 0});
            }
            return out;
        }
        long t0 = e.t()[0];
        double window = Math.floorDiv(e.t()[e.size() - 1] - t0, (long) n) * (1 + overlapFraction);
        double stride = window * (1 - overlapFraction);
        for (int i = 0; i < n; i++) {
            double start = t0 + i * stride;
            // searchsorted(side='left') on integer times: the first event at or after the bound.
            out.add(new int[] {lowerBound(e, (long) Math.ceil(start), 0),
                    lowerBound(e, (long) Math.ceil(start + window), 0)});
        }
        return out;
    }

    /**
     * {@code n} windows of equal event counts, as Tonic's {@code SliceByEventBins}: each of
     * {@code int(N // n · (1 + overlap))} events, {@code int(count · (1 - overlap))} apart, so the
     * last {@code N mod n} events fall in no window when there is no overlap.
     */
    public static List<int[]> intoCountBins(EventBatch e, int n, double overlapFraction) {
        checkCount(n);
        checkOverlap(overlapFraction);
        List<int[]> out = new ArrayList<>();
        int count = (int) (e.size() / n * (1 + overlapFraction));
        int stride = (int) (count * (1 - overlapFraction));
        for (int i = 0; i < n; i++) {
            long start = Math.min(e.size(), (long) i * stride);
            out.add(new int[] {(int) start, (int) Math.min(e.size(), start + count)});
        }
        return out;
    }

    /** Checks an overlap fraction against [0, 1), as Tonic asserts. */
    private static void checkOverlap(double overlapFraction) {
        if (!(overlapFraction >= 0 && overlapFraction < 1)) {
            throw new IllegalArgumentException("overlap: expected a fraction in [0, 1), got " + overlapFraction);
        }
    }

    /** Checks a requested number of slices against 1..{@link #MAX_SLICES}. */
    public static void checkCount(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of slices must be > 0, got " + n);
        }
        if (n > MAX_SLICES) {
            throw new IllegalArgumentException("number of slices " + n + " is more than the limit of " + MAX_SLICES);
        }
    }

    /** Copies the events of one range into a new recording. */
    public static EventRecording extract(EventRecording rec, int[] range) {
        EventBatch b = new EventBatch(range[1] - range[0]);
        b.addRange(rec.events(), range[0], range[1]);
        return new EventRecording(rec.sensor(), b);
    }

    /** First index {@code >= from} whose time is {@code >= t} (times must be sorted). */
    static int lowerBound(EventBatch e, long t, int from) {
        int lo = from;
        int hi = e.size();
        long[] ts = e.t();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
