package org.leinao.events.format.nmnist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelOutput;
import org.leinao.events.io.ChannelInput;

/**
 * Writes the N-MNIST binary (see {@link NmnistReader}). Times beyond the 23-bit field are reached by
 * writing overflow markers ({@code y = 240}), each adding 2<sup>13</sup> µs to later events.
 */
public final class NmnistWriter implements EventWriter {

    private static final long MAX_FIELD = (1 << 23) - 1;

    private final ChannelOutput out;
    private long offset;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;

    /** Creates {@code file}. */
    public NmnistWriter(Path file) throws IOException {
        out = new ChannelOutput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        for (int i = 0; i < batch.size(); i++) {
            if (t[i] < 0 || t[i] < lastT) {
                throw new IllegalArgumentException("event " + (written + i) + ": time " + t[i] + " is negative or before " + lastT);
            }
            if (x[i] < 0 || x[i] > 255 || y[i] < 0 || y[i] > 255 || y[i] == NmnistReader.OVERFLOW_Y) {
                throw new IllegalArgumentException("event " + (written + i) + ": (" + x[i] + ", " + y[i]
                        + ") not representable (x, y in 0..255, y != 240)");
            }
            if (t[i] - offset >= MAX_GAP) {
                // One 5-byte record per overflow step from 0: camera clock times (AEDAT 4.0 counts µs
                // since 1970) would need about 2·10^11 of them, a terabyte.
                throw new IllegalArgumentException("event " + (written + i) + ": time " + t[i] + " µs would need "
                        + (t[i] - offset) / NmnistReader.OVERFLOW_STEP + " timestamp-overflow records (one per "
                        + NmnistReader.OVERFLOW_STEP + " µs from 0); N-MNIST files count time from 0 (at most "
                        + MAX_OVERFLOWS * NmnistReader.OVERFLOW_STEP / 1_000_000 + " s): " + EventWriter.SHIFT_ADVICE);
            }
            lastT = t[i];
            while (t[i] - offset > MAX_FIELD) {
                ByteBuffer b = out.ensure(5);
                b.put((byte) 0).put((byte) NmnistReader.OVERFLOW_Y).put((byte) 0).put((byte) 0).put((byte) 0);
                offset += NmnistReader.OVERFLOW_STEP;
            }
            int v = (int) (t[i] - offset);
            ByteBuffer b = out.ensure(5);
            b.put((byte) x[i]).put((byte) y[i]).put((byte) ((p[i] != 0 ? 0x80 : 0) | v >>> 16))
                    .put((byte) (v >>> 8)).put((byte) v);
        }
        written += batch.size();
    }

    /** Overflow records allowed before an event: 2^20 (5 MB; 2.4 h of recording from 0). */
    private static final long MAX_OVERFLOWS = 1 << 20;
    /** The first gap from the last overflow that would need more than {@link #MAX_OVERFLOWS} of them, µs. */
    private static final long MAX_GAP = (MAX_OVERFLOWS + 1) * NmnistReader.OVERFLOW_STEP;

    @Override
    public void close() throws IOException {
        out.close();
    }
}
