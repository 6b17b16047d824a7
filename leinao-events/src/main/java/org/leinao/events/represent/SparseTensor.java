package org.leinao.events.represent;

import java.util.Arrays;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;

/**
 * Coalesced sparse COO tensor of event counts with coordinates {@code (bin, p, y, x)}, where
 * {@code bin = (t - t0) / dt} (Tonic {@code ToSparseTensor}, which builds a PyTorch sparse tensor of
 * the same shape {@code [bins, 2, height, width]}). Entries are sorted by coordinate, each once.
 *
 * @param bin    time-bin index per entry
 * @param p      polarity per entry
 * @param y      row per entry
 * @param x      column per entry
 * @param values event count per entry
 */
public record SparseTensor(int[] bin, byte[] p, short[] y, short[] x, int[] values) {

    /** Number of non-zero entries. */
    public int nnz() {
        return values.length;
    }

    /** Builds the tensor with bins of {@code dt} µs from the first event. */
    public static SparseTensor of(EventRecording rec, long dt) {
        EventBatch e = rec.events();
        int n = e.size();
        long[] keys = new long[n];
        long t0 = n == 0 ? 0 : e.t()[0];
        for (int i = 0; i < n; i++) {
            long b = (e.t()[i] - t0) / dt;
            keys[i] = b << 33 | (long) e.p()[i] << 32 | (long) (e.y()[i] & 0xFFFF) << 16 | (e.x()[i] & 0xFFFF);
        }
        Arrays.sort(keys);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                m++;
            }
        }
        int[] bin = new int[m];
        byte[] pp = new byte[m];
        short[] yy = new short[m];
        short[] xx = new short[m];
        int[] v = new int[m];
        int j = -1;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                j++;
                bin[j] = (int) (keys[i] >>> 33);
                pp[j] = (byte) ((keys[i] >>> 32) & 1);
                yy[j] = (short) (keys[i] >>> 16);
                xx[j] = (short) keys[i];
            }
            v[j]++;
        }
        return new SparseTensor(bin, pp, yy, xx, v);
    }
}
