package org.leinao.engine.record;

import java.util.Arrays;

/** A growable list of primitive doubles for recorders. */
public final class DoubleList {
    private double[] data = new double[64];
    private int size;

    /** Appends a value. */
    public void add(double v) {
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
    public double get(int i) {
        return data[i];
    }

    /** Backing array, valid up to {@link #size()}. */
    public double[] array() {
        return data;
    }
}
