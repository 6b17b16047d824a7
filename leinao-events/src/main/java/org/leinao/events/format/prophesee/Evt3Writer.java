package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelOutput;

/**
 * Writes Prophesee EVT 3.0 RAW (see {@link Evt3Reader}) that Metavision reads as we do. State words
 * are emitted only when the value changes, except that a TIME_LOW follows every TIME_HIGH. A run of
 * consecutive events with equal time, row and polarity and increasing x is written as vectors
 * (VECT_BASE_X, then VECT_12, VECT_12, VECT_8 per 32 pixels) when that takes fewer words, which is
 * what makes EVT 3.0 compact on dense scenes; since the decoder yields vector events in increasing x,
 * only such runs are vectorised, so reading back gives the events in exactly their original order.
 *
 * <p>Times wider than the 24-bit counter are carried by the decoder's wrap rule: when a jump crosses
 * one or more 2<sup>24</sup> µs boundaries, a TIME_HIGH of 4095 then 0 is written for each boundary;
 * a step across more than {@link #MAX_WRAPS} boundaries (a first time counted from a camera clock,
 * or a gap of more than 203 days) is refused rather than padded with megabytes of such pairs.
 */
public final class Evt3Writer implements EventWriter {

    private final ChannelOutput out;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;
    private long loops;
    private int timeHigh = -1;
    private int timeLow = -1;
    private int addrY = -1;
    /** The sensor's width, 2048 when unknown: every vector group lies below it. */
    private final int width;

    /** Creates {@code file} with a header declaring {@code sensor} (when known). */
    public Evt3Writer(Path file, SensorSize sensor) throws IOException {
        width = sensor.isKnown() ? Math.min(sensor.width(), 2048) : 2048;
        out = ChannelOutput.littleEndian(file);
        byte[] h = PropheseeHeader.rawHeader("3.0", "EVT3", sensor).getBytes(StandardCharsets.US_ASCII);
        out.write(h, 0, h.length);
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            if (t[i] < 0 || t[i] < lastT) {
                throw new IllegalArgumentException("event " + (written + i) + ": time " + t[i] + " is negative or before " + lastT);
            }
            EventWriter.checkCoordinates(written + i, x[i], y[i], 0x7FF, 0x7FF, "EVT 3.0's 11-bit coordinates");
            long wraps = (t[i] >>> 24) - (lastT == Long.MIN_VALUE ? 0 : lastT >>> 24);
            if (wraps > MAX_WRAPS) {
                throw new IllegalArgumentException(tooFar(written + i, t[i], lastT, wraps));
            }
            lastT = t[i];
        }
        int i = 0;
        while (i < n) {
            setTime(t[i]);
            if (y[i] != addrY) {
                put(0x0000 | y[i]);
                addrY = y[i];
            }
            int j = i + 1;
            while (j < n && t[j] == t[i] && y[j] == y[i] && (p[j] != 0) == (p[i] != 0) && x[j] > x[j - 1]) {
                j++;
            }
            int pol = p[i] != 0 ? 1 : 0;
            // vectors only where they take fewer words than single EVT_ADDR_X words, and only for
            // runs whose 32-pixel groups lie on the sensor
            if (j - i < 5 || width < 32 || x[j - 1] >= width || vectors(x, i, j, pol, false) >= j - i) {
                for (int k = i; k < j; k++) {
                    put(0x2000 | (p[k] != 0 ? 0x800 : 0) | x[k]);
                }
            } else {
                vectors(x, i, j, pol, true);
            }
            i = j;
        }
        written += n;
    }

    /**
     * Writes (when {@code write}) the run {@code x[i..j)} as vectors, and returns how many words that
     * takes. Each group of 32 pixels is VECT_BASE_X (left out when the base is where the last group
     * moved it), VECT_12, VECT_12, VECT_8, as a Prophesee sensor emits them: Metavision's decoder
     * takes a VECT_12 only as the first of such a triple (OpenEB {@code evt3_decoder.h}, and its
     * validator reports anything else as {@code PartialVect_12_12_8}), and drops a group reaching
     * past the sensor's width, so each base is at most width - 32.
     */
    private int vectors(short[] x, int i, int j, int pol, boolean write) throws IOException {
        int words = 0;
        int next = -1; // where the last group moved the base
        int k = i;
        while (k < j) {
            int base = Math.min(x[k], width - 32);
            long mask = 0;
            while (k < j && x[k] < base + 32) {
                mask |= 1L << (x[k] - base);
                k++;
            }
            words += base != next ? 4 : 3;
            if (write) {
                if (base != next) {
                    put(0x3000 | pol << 11 | base);
                }
                put(0x4000 | (int) (mask & 0xFFF));
                put(0x4000 | (int) (mask >>> 12 & 0xFFF));
                put(0x5000 | (int) (mask >>> 24 & 0xFF));
            }
            next = base + 32;
        }
        return words;
    }

    /**
     * Most 2<sup>24</sup> µs boundaries one time step may cross: 2<sup>20</sup>, at most two words
     * each, so at most 4 MiB of TIME_HIGH padding (a step of up to 2<sup>44</sup> µs, 203 days).
     * A camera-clock time (µs since 1970) written from 0 would need 96 million of them, 383 MB.
     */
    static final long MAX_WRAPS = 1L << 20;

    private static String tooFar(long i, long t, long lastT, long wraps) {
        boolean first = lastT == Long.MIN_VALUE;
        return "event " + i + ": time " + t + " µs is " + wraps + " turns of the 24-bit time counter after "
                + (first ? "0" : "the previous event's " + lastT + " µs") + "; EVT 3.0 would need a TIME_HIGH pair"
                + " per turn (" + wraps * 4 / 1_000_000 + " MB), more than the limit of " + MAX_WRAPS + " turns ("
                + (MAX_WRAPS << 24) / 86_400_000_000L + " days)"
                + (first ? "; " + EventWriter.SHIFT_ADVICE : "");
    }

    private void setTime(long ti) throws IOException {
        long lp = ti >>> 24;
        int th = (int) (ti >>> 12) & 0xFFF;
        int tl = (int) ti & 0xFFF;
        while (loops < lp) {
            if (timeHigh != 0xFFF) {
                put(0x8000 | 0xFFF);
            }
            put(0x8000);
            loops++;
            timeHigh = 0;
            timeLow = -1;
        }
        if (th != timeHigh) {
            put(0x8000 | th);
            timeHigh = th;
            // Metavision's decoder sets the time low to 0 at a new time high (OpenEB
            // evt3_decoder.h), so a TIME_LOW always follows one
            timeLow = -1;
        }
        if (tl != timeLow) {
            put(0x6000 | tl);
            timeLow = tl;
        }
    }

    private void put(int word) throws IOException {
        ByteBuffer b = out.ensure(2);
        b.putShort((short) word);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
