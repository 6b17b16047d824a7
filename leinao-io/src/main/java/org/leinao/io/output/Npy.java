package org.leinao.io.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Writes NumPy {@code .npy} files, format version 1.0: the magic {@code \x93NUMPY}, version bytes
 * 1 0, a little-endian uint16 header length, an ASCII Python dict literal padded with spaces and
 * ended by a newline so data starts at a multiple of 64 bytes, then little-endian C-order data.
 */
final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    static final String SPIKE_DESCR = "[('time_ms', '<f8'), ('node_id', '<i8')]";
    private static final int CHUNK = 1 << 16;

    private Npy() {
    }

    /** The header (magic to newline) for {@code descr} and {@code shape}, e.g. "(10,)" or "(3, 4)". */
    static byte[] header(String descr, String shape) {
        String dict = "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        if (text.length() > 0xFFFF) {
            throw new IllegalArgumentException("npy header too long: " + text.length());
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Spikes as a structured 1-D array with fields {@code time_ms} (float64) and {@code node_id} (int64). */
    static void writeSpikes(Path file, SpikeTrains s) throws IOException {
        int n = s.count();
        try (FileChannel ch = open(file)) {
            ch.write(ByteBuffer.wrap(header(SPIKE_DESCR, "(" + n + ",)")));
            ByteBuffer b = ByteBuffer.allocate(CHUNK * 16).order(ByteOrder.LITTLE_ENDIAN);
            int[] steps = s.steps();
            int[] ids = s.neurons();
            double dt = s.dt();
            for (int i = 0; i < n; i++) {
                if (!b.hasRemaining()) {
                    drain(ch, b);
                }
                b.putDouble(SpikeTrains.ms(steps[i] + 1L, dt)).putLong(ids[i]);
            }
            drain(ch, b);
        }
    }

    /** A state trace as a 2-D float64 array, samples × recorded neurons. */
    static void writeMatrix(Path file, StateTrace s) throws IOException {
        int rows = s.samples();
        int cols = s.neurons().length;
        try (FileChannel ch = open(file)) {
            ch.write(ByteBuffer.wrap(header("'<f8'", "(" + rows + ", " + cols + ")")));
            ByteBuffer b = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
            double[] v = s.values();
            int total = rows * cols;
            for (int i = 0; i < total; i++) {
                if (!b.hasRemaining()) {
                    drain(ch, b);
                }
                b.putDouble(v[i]);
            }
            drain(ch, b);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static void drain(FileChannel ch, ByteBuffer b) throws IOException {
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
        b.clear();
    }
}
