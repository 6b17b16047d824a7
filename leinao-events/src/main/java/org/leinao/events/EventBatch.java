package org.leinao.events;

import java.util.Arrays;

/**
 * A growable structure-of-arrays block of events: {@code t[i]} (µs), {@code x[i]}, {@code y[i]},
 * {@code p[i]} (1 = ON, 0 = OFF) for {@code i < size()}.
 *
 * <p>Readers fill a batch up to its {@link #capacity()} and never grow it, which is what bounds
 * their memory; in-memory code (transforms, tests) may {@link #add} beyond it and the arrays grow.
 * The arrays are exposed on purpose so that hot loops index them directly; entries at or beyond
 * {@code size()} are garbage.
 */
public final class EventBatch {

    /** Bytes of the arrays per event of capacity: {@code t} 8, {@code x} 2, {@code y} 2, {@code p} 1. */
    public static final int BYTES_PER_EVENT = 13;

    private long[] t;
    private short[] x;
    private short[] y;
    private byte[] p;
    private int size;

    /** Creates an empty batch with room for {@code capacity} events. */
    public EventBatch(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        t = new long[capacity];
        x = new short[capacity];
        y = new short[capacity];
        p = new byte[capacity];
    }

    /** Wraps copies of the first {@code n} entries of the given columns. */
    public static EventBatch of(long[] t, short[] x, short[] y, byte[] p, int n) {
        EventBatch b = new EventBatch(n);
        System.arraycopy(t, 0, b.t, 0, n);
        System.arraycopy(x, 0, b.x, 0, n);
        System.arraycopy(y, 0, b.y, 0, n);
        System.arraycopy(p, 0, b.p, 0, n);
        b.size = n;
        return b;
    }

    /** Timestamps in microseconds; valid up to {@link #size()}. */
    public long[] t() {
        return t;
    }

    /** Columns; valid up to {@link #size()}. */
    public short[] x() {
        return x;
    }

    /** Rows; valid up to {@link #size()}. */
    public short[] y() {
        return y;
    }

    /** Polarities, 1 = ON, 0 = OFF; valid up to {@link #size()}. */
    public byte[] p() {
        return p;
    }

    /** Number of valid events. */
    public int size() {
        return size;
    }

    /** Length of the arrays. */
    public int capacity() {
        return t.length;
    }

    /** Free slots before the arrays would have to grow. */
    public int remaining() {
        return t.length - size;
    }

    /** @return true when no event is held */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Forgets all events, keeping the arrays. */
    public void clear() {
        size = 0;
    }

    /**
     * Sets the number of valid events after a caller wrote the arrays directly.
     *
     * @throws IllegalArgumentException when {@code n} is outside {@code 0..capacity()}
     */
    public void setSize(int n) {
        if (n < 0 || n > t.length) {
            throw new IllegalArgumentException("size " + n + " outside 0.." + t.length);
        }
        size = n;
    }

    /** Appends one event, growing the arrays if needed. */
    public void add(long time, int col, int row, int polarity) {
        if (size == t.length) {
            grow(size + 1);
        }
        int i = size++;
        t[i] = time;
        x[i] = (short) col;
        y[i] = (short) row;
        p[i] = (byte) polarity;
    }

    /** Appends all events of {@code other}. */
    public void addAll(EventBatch other) {
        addRange(other, 0, other.size);
    }

    /** Appends events {@code from .. to-1} of {@code other}. */
    public void addRange(EventBatch other, int from, int to) {
        int n = to - from;
        ensureCapacity(size + n);
        System.arraycopy(other.t, from, t, size, n);
        System.arraycopy(other.x, from, x, size, n);
        System.arraycopy(other.y, from, y, size, n);
        System.arraycopy(other.p, from, p, size, n);
        size += n;
    }

    /** Grows the arrays so that at least {@code minCapacity} events fit. */
    public void ensureCapacity(int minCapacity) {
        if (minCapacity > t.length) {
            grow(minCapacity);
        }
    }

    private void grow(int minCapacity) {
        int n = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(minCapacity, Math.max(16L, t.length * 3L / 2)));
        t = Arrays.copyOf(t, n);
        x = Arrays.copyOf(x, n);
        y = Arrays.copyOf(y, n);
        p = Arrays.copyOf(p, n);
    }

    /** A copy holding exactly the valid events. */
    public EventBatch copy() {
        return of(t, x, y, p, size);
    }

    /** Copies event {@code i} of this batch to slot {@code j} (used by in-place filters). */
    public void move(int i, int j) {
        t[j] = t[i];
        x[j] = x[i];
        y[j] = y[i];
        p[j] = p[i];
    }

    /** Sorts the valid events by time, stably (equal timestamps keep their order). */
    public void sortByTime() {
        for (int i = 1; i < size; i++) {
            if (t[i] < t[i - 1]) {
                sortSlow();
                return;
            }
        }
    }

    private void sortSlow() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        long[] tt = t;
        Arrays.sort(order, (a, b) -> Long.compare(tt[a], tt[b]));
        EventBatch src = copy();
        for (int i = 0; i < size; i++) {
            int k = order[i];
            t[i] = src.t[k];
            x[i] = src.x[k];
            y[i] = src.y[k];
            p[i] = src.p[k];
        }
    }

    /** @return true when both batches hold the same events in the same order */
    public boolean contentEquals(EventBatch o) {
        return size == o.size
                && Arrays.equals(t, 0, size, o.t, 0, size)
                && Arrays.equals(x, 0, size, o.x, 0, size)
                && Arrays.equals(y, 0, size, o.y, 0, size)
                && Arrays.equals(p, 0, size, o.p, 0, size);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EventBatch[size=").append(size);
        for (int i = 0; i < Math.min(size, 5); i++) {
            sb.append(", (").append(t[i]).append(',').append(x[i]).append(',').append(y[i]).append(',')
                    .append(p[i]).append(')');
        }
        return sb.append(size > 5 ? ", …]" : "]").toString();
    }
}
