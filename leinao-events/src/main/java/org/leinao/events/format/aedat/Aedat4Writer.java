package org.leinao.events.format.aedat;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.io.ChannelOutput;

/**
 * Writes AEDAT 4.0 with one polarity-event stream (id 0), packets of at most
 * {@link #PACKET_EVENTS} events, the chosen compression, and a file-data table trailer whose
 * position is patched into the header on {@link #close()}. See {@link Aedat4Reader} for the layout.
 */
public final class Aedat4Writer implements EventWriter {

    /** Events per packet; DV itself emits packets of a few thousand events. */
    public static final int PACKET_EVENTS = 8192;

    private final ChannelOutput out;
    private final Aedat4Compression compression;
    private final SensorSize sensor;
    private final long dtpPatchAt;
    private final EventBatch pending = new EventBatch(PACKET_EVENTS);
    private long[] rowOffset = new long[64];
    private int[] rowSize = new int[64];
    private long[] rowCount = new long[64];
    private long[] rowStart = new long[64];
    private long[] rowEnd = new long[64];
    private int rows;
    private long lastT = Long.MIN_VALUE;
    /** Events written before the current batch, so that a message names an event in the stream. */
    private long written;

    /** Creates {@code file}; {@code sensor} must be known (DV requires sizeX/sizeY). */
    public Aedat4Writer(Path file, SensorSize sensor, Aedat4Compression compression) throws IOException {
        this.sensor = sensor;
        this.compression = compression;
        out = ChannelOutput.littleEndian(file);
        byte[] header = header(sensor, compression);
        FlatTable t = FlatTable.root(ByteBuffer.wrap(header), "IOHE");
        int dtpField = t.fieldPos(1, 8);
        out.write(Aedat4Reader.MAGIC, 0, Aedat4Reader.MAGIC.length);
        out.ensure(4).putInt(header.length);
        dtpPatchAt = out.offset() + dtpField;
        out.write(header, 0, header.length);
    }

    private static byte[] header(SensorSize sensor, Aedat4Compression compression) {
        String name = switch (compression) {
            case NONE -> "NONE";
            case LZ4 -> "LZ4";
            case LZ4_HIGH -> "LZ4_HIGH";
            case ZSTD -> "ZSTD";
            case ZSTD_HIGH -> "ZSTD_HIGH";
        };
        String xml = "<dv version=\"2.0\">\n"
                + "    <node name=\"outInfo\" path=\"/mainloop/Recorder/outInfo/\">\n"
                + "        <node name=\"0\" path=\"/mainloop/Recorder/outInfo/0/\">\n"
                + "            <attr key=\"compression\" type=\"string\">" + name + "</attr>\n"
                + "            <attr key=\"originalModuleName\" type=\"string\">leinao</attr>\n"
                + "            <attr key=\"originalOutputName\" type=\"string\">events</attr>\n"
                + "            <attr key=\"typeDescription\" type=\"string\">Array of events (polarity ON/OFF).</attr>\n"
                + "            <attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>\n"
                + "            <node name=\"info\" path=\"/mainloop/Recorder/outInfo/0/info/\">\n"
                + "                <attr key=\"sizeX\" type=\"int\">" + sensor.width() + "</attr>\n"
                + "                <attr key=\"sizeY\" type=\"int\">" + sensor.height() + "</attr>\n"
                + "                <attr key=\"source\" type=\"string\">Leinao</attr>\n"
                + "                <attr key=\"tsOffset\" type=\"long\">0</attr>\n"
                + "            </node>\n"
                + "        </node>\n"
                + "    </node>\n"
                + "</dv>\n";
        FlatBufferBuilder fb = new FlatBufferBuilder(4096);
        fb.forceDefaults(true); // dataTablePosition must exist so that close() can patch it
        int info = fb.createString(xml);
        fb.startTable(3);
        fb.addLong(1, -1L, 0L);
        fb.addOffset(2, info, 0);
        fb.addInt(0, compression.ordinal(), -1);
        int root = fb.endTable();
        fb.finish(root, "IOHE");
        return fb.sizedByteArray();
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        int w = sensor.width();
        int h = sensor.height();
        for (int i = 0; i < batch.size(); i++) {
            if (t[i] < lastT) {
                throw new IllegalArgumentException("event " + (written + i) + " goes back in time (" + t[i] + " < " + lastT + ")");
            }
            if (x[i] < 0 || y[i] < 0 || x[i] >= w || y[i] >= h) {
                throw new IllegalArgumentException("event " + (written + i) + ": (" + x[i] + ", " + y[i] + ") outside the sensor "
                        + sensor);
            }
            lastT = t[i];
            pending.add(t[i], x[i], y[i], p[i]);
            if (pending.size() == PACKET_EVENTS) {
                flushPacket();
            }
        }
        written += batch.size();
    }

    private void flushPacket() throws IOException {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        FlatBufferBuilder fb = new FlatBufferBuilder(n * 16 + 64);
        long[] t = pending.t();
        short[] x = pending.x();
        short[] y = pending.y();
        byte[] p = pending.p();
        fb.startVector(16, n, 8);
        for (int i = n - 1; i >= 0; i--) { // the builder writes back to front
            fb.prep(8, 16);
            fb.pad(3);
            fb.putBoolean(p[i] != 0);
            fb.putShort(y[i]);
            fb.putShort(x[i]);
            fb.putLong(t[i]);
        }
        int vec = fb.endVector();
        fb.startTable(1);
        fb.addOffset(0, vec, 0);
        int root = fb.endTable();
        fb.finishSizePrefixed(root, "EVTS");
        byte[] body = fb.sizedByteArray();
        byte[] packed = compression.compress(body, body.length);
        addRow(out.offset(), packed.length, n, t[0], t[n - 1]);
        ByteBuffer hb = out.ensure(8);
        hb.putInt(0).putInt(packed.length);
        out.write(packed, 0, packed.length);
        pending.clear();
    }

    private void addRow(long offset, int size, long count, long start, long end) {
        if (rows == rowOffset.length) {
            int m = rows * 2;
            rowOffset = Arrays.copyOf(rowOffset, m);
            rowSize = Arrays.copyOf(rowSize, m);
            rowCount = Arrays.copyOf(rowCount, m);
            rowStart = Arrays.copyOf(rowStart, m);
            rowEnd = Arrays.copyOf(rowEnd, m);
        }
        rowOffset[rows] = offset;
        rowSize[rows] = size;
        rowCount[rows] = count;
        rowStart[rows] = start;
        rowEnd[rows] = end;
        rows++;
    }

    private byte[] dataTable() {
        FlatBufferBuilder fb = new FlatBufferBuilder(64 + rows * 64);
        int[] defs = new int[rows];
        for (int i = 0; i < rows; i++) {
            fb.startTable(5);
            fb.addLong(0, rowOffset[i], 0L);
            fb.addLong(2, rowCount[i], 0L);
            fb.addLong(3, rowStart[i], 0L);
            fb.addLong(4, rowEnd[i], 0L);
            fb.prep(4, 8); // inline PacketHeader struct { streamId, size }
            fb.putInt(rowSize[i]);
            fb.putInt(0);
            fb.slot(1);
            defs[i] = fb.endTable();
        }
        int vec = fb.createVectorOfTables(defs);
        fb.startTable(1);
        fb.addOffset(0, vec, 0);
        int root = fb.endTable();
        fb.finishSizePrefixed(root, "FTAB");
        return fb.sizedByteArray();
    }

    @Override
    public void close() throws IOException {
        try {
            flushPacket();
            long pos = out.offset();
            byte[] table = dataTable();
            byte[] packed = compression.compress(table, table.length);
            out.write(packed, 0, packed.length);
            ByteBuffer patch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, pos);
            out.patch(dtpPatchAt, patch);
        } finally {
            out.close();
        }
    }
}
