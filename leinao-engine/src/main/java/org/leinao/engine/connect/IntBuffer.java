package org.leinao.engine.connect;

import java.util.Arrays;

/** A growable list of primitive ints, reused between targets to avoid allocation. */
public final class IntBuffer {
    private int[] data;
    private int size;

    /** Creates an empty buffer. */
    public IntBuffer(int capacity) {
        data = new int[Math.max(4, capacity)];
    }

    /** Appends a value. */
    public void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    /** Number of values. */
    public int size() {
        return size;
    }

    /** Value at index i. */
    public int get(int i) {
        return data[i];
    }

    /** Removes every value. */
    public void clear() {
        size = 0;
    }

    /** The backing array (valid up to {@link #size()}). */
    public int[] array() {
        return data;
    }

    /** A copy of the values. */
    public int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
