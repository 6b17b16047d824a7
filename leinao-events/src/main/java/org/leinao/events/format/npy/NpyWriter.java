package org.leinao.events.format.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelOutput;

/**
 * Writes a version 1.0 {@code .npy} structured array with dtype
 * {@code [('t', '<i8'), ('x', '<i2'), ('y', '<i2'), ('p', '<i1')]} (13-byte records). The count in
 * {@code 'shape'} is unknown until {@link #close()}, so the header reserves a fixed-width field and
 * is patched then; the header is padded to a multiple of 64 bytes as NEP 1 asks.
 */
public final class NpyWriter implements EventWriter {

    private static final int COUNT_WIDTH = 20;

    private final ChannelOutput out;
    private long count;
    private long shapeAt;

    /** Creates {@code file}. */
    public NpyWriter(Path file) throws IOException {
        out = ChannelOutput.littleEndian(file);
        byte[] h = header(0);
        out.write(h, 0, h.length);
        shapeAt = new String(h, StandardCharsets.ISO_8859_1).indexOf("'shape': (") + "'shape': (".length();
    }

    private static byte[] header(long n) {
        String count = String.format("%-" + COUNT_WIDTH + "s", n + ",)");
        String dict = "{'descr': [('t', '<i8'), ('x', '<i2'), ('y', '<i2'), ('p', '<i1')], 'fortran_order': False, 'shape': ("
                + count + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String h = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + h.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length());
        b.put(h.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        for (int i = 0; i < batch.size(); i++) {
            ByteBuffer b = out.ensure(13);
            b.putLong(t[i]).putShort(x[i]).putShort(y[i]).put(p[i]);
        }
        count += batch.size();
    }

    @Override
    public void close() throws IOException {
        try {
            String count = String.format("%-" + COUNT_WIDTH + "s", this.count + ",)");
            out.patch(shapeAt, ByteBuffer.wrap(count.getBytes(StandardCharsets.ISO_8859_1)));
        } finally {
            out.close();
        }
    }
}
