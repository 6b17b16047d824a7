package org.leinao.events.format.aedat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.events.SensorSize;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads AEDAT 4.0 (iniVation DV). Layout:
 * <pre>
 * "#!AER-DAT4.0\r\n"  int32 n  IOHeader FlatBuffer (n bytes, id "IOHE"):
 *     compression: int32 enum, dataTablePosition: int64 (-1 = none), infoNode: XML string
 * packets: int32 streamId, int32 size, size bytes = compressed, size-prefixed FlatBuffer
 *     "EVTS" EventPacket { elements: [Event { t: int64 µs, x: int16, y: int16, on: bool } (16 bytes)] }
 * at dataTablePosition: compressed "FTAB" FileDataTable { table: [FileDataDefinition {
 *     byteOffset: int64, packetInfo: {streamId, size}, numElements, timestampStart, timestampEnd }] }
 * </pre>
 * Streams other than the first {@code EVTS} stream (frames, IMU, triggers) are listed and skipped.
 * When the file table is present, {@link #seekTime} jumps to the first packet that can hold a time.
 * {@link #skippedRecords()} counts the packets of other streams skipped so far.
 */
public final class Aedat4Reader extends ChannelEventReader {

    static final byte[] MAGIC = "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Largest header or compressed packet accepted; DV packets are far smaller. */
    static final int MAX_PACKET = 256 << 20;
    /** Largest decompressed packet accepted. */
    static final int MAX_DECOMPRESSED = 512 << 20;
    private static final int EVENT_BYTES = 16;

    private final Aedat4Compression compression;
    private final long dataTablePosition;
    private final long dataEnd;
    private final List<String> streams;
    private final int eventStream;

    private ByteBuffer packet;
    /**
     * The bytes of the packet being decoded, one array for all packets (grown to the largest): a
     * new array per packet (~1 MiB each in the benchmark) was a quarter of a pass's time in zeroing
     * and copying, and garbage for the collector (docs/events-throughput.md, fifteenth pass).
     */
    private byte[] packetBytes = new byte[0];
    private int packetFirst;
    private int packetCount;
    private int packetNext;
    private long packetOffset;
    private long minTime = Long.MIN_VALUE;
    /** Index of the next packet (all streams) in file order, for messages; -1 after a seek. */
    private long packetIndex;
    private long[] tableOffsets;
    private long[] tableEnds;

    /** What the header declares. */
    private record Header(Aedat4Compression compression, long dataTablePosition, List<String> streams,
            int eventStream, SensorSize sensor) {
    }

    /** Opens {@code file} and reads its header. */
    public Aedat4Reader(Path file) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        Header header = parseHeader(in, Aedat4Reader::readHeader);
        super(EventFormat.AEDAT4, in, header.sensor());
        compression = header.compression();
        dataTablePosition = header.dataTablePosition();
        dataEnd = dataTablePosition == -1 ? in.size() : Math.min(dataTablePosition, in.size());
        streams = header.streams();
        eventStream = header.eventStream();
    }

    private static Header readHeader(ChannelInput in) throws IOException {
        in.require(MAGIC.length + 4, "the AEDAT 4.0 magic and header length");
        ByteBuffer b = in.buffer();
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get() != MAGIC[i]) {
                throw in.error(i, "not an AEDAT 4.0 file (expected \"#!AER-DAT4.0\\r\\n\")");
            }
        }
        long lenAt = in.offset();
        int n = b.getInt();
        if (n < 8 || n > MAX_PACKET) {
            long room = in.remainingInFile();
            if (room < 8) {
                // "expected 8..1" would be an empty range: say that no valid length fits what is left
                throw in.error(lenAt, "header length " + n + ", and the file ends at byte " + in.size() + " with "
                        + room + " bytes left (expected an IOHeader of at least 8 bytes)");
            }
            throw in.error(lenAt, "header length " + n + " (expected 8.." + Math.min(MAX_PACKET, room) + ")");
        }
        if (n > in.remainingInFile()) {
            throw in.error(lenAt, "file ends at byte " + in.size() + " inside the IOHeader (" + n + " bytes from byte "
                    + in.offset() + "), expected " + (n - in.remainingInFile()) + " more bytes");
        }
        long headerAt = in.offset();
        byte[] header = in.readBytes(n, "the IOHeader");
        String info;
        int code;
        long dtp;
        try {
            FlatTable t = FlatTable.root(ByteBuffer.wrap(header), "IOHE");
            code = t.getInt(0, 0);
            dtp = t.getLong(1, -1);
            info = t.getString(2);
        } catch (IllegalStateException e) {
            throw in.error(headerAt, "corrupt IOHeader: " + e.getMessage());
        }
        Aedat4Compression compression = Aedat4Compression.ofCode(code);
        if (compression == null) {
            throw in.error(headerAt, "unknown compression code " + code + " (expected 0..4: none, LZ4, LZ4 high, ZSTD, ZSTD high)");
        }
        // A table position beyond the end is what a file cut short leaves: its packets are read, and
        // the reader says where the file ends when it gets there (nextPacket).
        if (dtp != -1 && dtp < in.offset()) {
            throw in.error(headerAt, "dataTablePosition " + dtp + " outside the packet area " + in.offset() + ".." + in.size());
        }
        List<String> streams = new ArrayList<>();
        int[] es = {-1};
        SensorSize[] size = {SensorSize.UNKNOWN};
        parseInfo(info == null ? "" : info, streams, es, size);
        return new Header(compression, dtp, streams, es[0], size[0]);
    }

    private static final Pattern STREAM = Pattern.compile("<node name=\"(\\d+)\" path=\"[^\"]*/outInfo/\\d+/\">");
    private static final Pattern TYPE = Pattern.compile("key=\"typeIdentifier\"[^>]*>([^<]*)<");
    private static final Pattern OUTPUT = Pattern.compile("key=\"originalOutputName\"[^>]*>([^<]*)<");
    private static final Pattern SIZE_X = Pattern.compile("key=\"sizeX\"[^>]*>(\\d+)<");
    private static final Pattern SIZE_Y = Pattern.compile("key=\"sizeY\"[^>]*>(\\d+)<");

    private static void parseInfo(String xml, List<String> streams, int[] eventStreamOut, SensorSize[] sizeOut) {
        Matcher m = STREAM.matcher(xml);
        List<int[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), Integer.parseInt(m.group(1))});
        }
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k)[0];
            int to = k + 1 < starts.size() ? starts.get(k + 1)[0] : xml.length();
            String part = xml.substring(from, to);
            int id = starts.get(k)[1];
            String type = find(TYPE, part, "?");
            String desc = "stream " + id + ": " + type + " (" + find(OUTPUT, part, "?") + ")";
            String sx = find(SIZE_X, part, null);
            String sy = find(SIZE_Y, part, null);
            if (sx != null && sy != null) {
                desc += " " + sx + "x" + sy;
            }
            if ("EVTS".equals(type) && eventStreamOut[0] < 0) {
                eventStreamOut[0] = id;
                if (sx != null && sy != null) {
                    try {
                        sizeOut[0] = new SensorSize(Integer.parseInt(sx), Integer.parseInt(sy));
                    } catch (IllegalArgumentException e) {
                        sizeOut[0] = SensorSize.UNKNOWN;
                    }
                }
            }
            streams.add(desc);
        }
    }

    private static String find(Pattern p, String s, String def) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : def;
    }

    @Override
    public List<String> streams() {
        return List.copyOf(streams);
    }

    /** Packet compression declared in the header. */
    public Aedat4Compression compression() {
        return compression;
    }

    /** Whether the file carries a file-data table (random access by time). */
    public boolean hasDataTable() {
        return dataTablePosition != -1;
    }

    /**
     * Reads the file-data table that the header announces, if it lies within the file, and throws
     * what is wrong with it. Why: reading forward stops at the table, so a file cut (or corrupt)
     * inside its table yields every event without complaint, and only {@link #seekTime} would fail.
     * The read position is kept.
     *
     * @throws EventFormatException naming the table's byte offset and the problem
     */
    public void checkDataTable() throws IOException {
        if (dataTablePosition != -1 && dataTablePosition <= in.size()) {
            long pos = in.offset();
            try {
                loadTable();
            } finally {
                in.seek(pos);
            }
        }
    }

    @Override
    protected boolean refill() throws IOException {
        return packetNext != packetCount || nextPacket();
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        boolean check = sensor().isKnown();
        long min = minTime;
        // packets are often smaller than a batch: go on to the next ones here rather than through refill()
        while (n < room && (packetNext != packetCount || nextPacket())) {
            ByteBuffer b = packet;
            int k = Math.min(room - n, packetCount - packetNext);
            int pos = packetFirst + packetNext * EVENT_BYTES;
            for (int j = 0; j < k; j++, pos += EVENT_BYTES) {
                long tt = b.getLong(pos);
                short xx = b.getShort(pos + 8);
                short yy = b.getShort(pos + 10);
                if (check && (xx < 0 || yy < 0 || xx >= w || yy >= h)) {
                    throw outside(packetOffset, xx, yy);
                }
                if (tt < min) {
                    continue;
                }
                t[n] = tt;
                x[n] = xx;
                y[n] = yy;
                p[n] = b.get(pos + 12) != 0 ? (byte) 1 : 0;
                n++;
            }
            packetNext += k;
        }
        return n;
    }

    /** Reads packet headers until the next event packet, decodes it; false at the end. */
    private boolean nextPacket() throws IOException {
        while (true) {
            long at = in.offset();
            if (at >= dataEnd) {
                if (dataTablePosition > in.size()) {
                    throw in.error(at, "file ends at byte " + in.size() + (packetIndex > 0 ? " after packet "
                            + (packetIndex - 1) : "") + ", expected more packets and the file-data table the"
                            + " header places at byte " + dataTablePosition);
                }
                return false;
            }
            if (!in.request(8)) {
                throw in.error(at, "file ends at byte " + in.size() + " inside the header of " + packet()
                        + ", expected " + (8 - in.buffer().remaining()) + " more bytes (of 8: stream id, size)");
            }
            ByteBuffer b = in.buffer();
            int stream = b.getInt();
            int size = b.getInt();
            if (size < 0 || size > MAX_PACKET) {
                throw in.error(at, "packet size " + size + " (expected 0.." + Math.min(MAX_PACKET, dataEnd - in.offset()) + ")");
            }
            if (size > dataEnd - in.offset()) {
                if (dataEnd == in.size()) { // no table after the packets, so the file is cut short
                    throw in.error(at, "file ends at byte " + in.size() + " inside " + packet() + " (stream "
                            + stream + ", " + size + " bytes from byte " + in.offset() + "), expected "
                            + (size - in.remainingInFile()) + " more bytes");
                }
                throw in.error(at, "packet size " + size + " (expected 0.." + (dataEnd - in.offset())
                        + ": the file-data table starts at byte " + dataEnd + ")");
            }
            if (packetIndex >= 0) {
                packetIndex++;
            }
            if (stream != eventStream) {
                in.skip(size, "a packet");
                skipped++;
                continue;
            }
            if (packetBytes.length < size) {
                packetBytes = new byte[size]; // no more than the packet needs: sizes are checked above
            }
            byte[] raw = packetBytes;
            in.readFully(raw, size, "an event packet");
            try {
                ByteBuffer bb = compression.decompress(raw, size, MAX_DECOMPRESSED).order(ByteOrder.LITTLE_ENDIAN);
                FlatTable table = FlatTable.root(bb, "EVTS");
                int[] v = table.vector(0, EVENT_BYTES);
                packet = bb;
                packetFirst = v == null ? 0 : v[0];
                packetCount = v == null ? 0 : v[1];
                packetNext = 0;
                packetOffset = at;
            } catch (IllegalStateException e) {
                throw in.error(at, "corrupt event packet: " + e.getMessage());
            }
            if (packetCount > 0) {
                return true;
            }
        }
    }

    /** "packet N" while the reader knows the packet's index in the file, else "a packet". */
    private String packet() {
        return packetIndex >= 0 ? "packet " + packetIndex : "a packet";
    }

    /**
     * Positions the reader so that the next event read is the first with {@code t >= time}. Uses the
     * file-data table when present (a seek), else reads forward from the current position.
     */
    public void seekTime(long time) throws IOException {
        minTime = time;
        if (dataTablePosition == -1 || dataTablePosition > in.size()) {
            // no table, or a file cut short before it: read forward, which reports where the file ends
            return;
        }
        loadTable();
        long target = -1;
        for (int i = 0; i < tableOffsets.length; i++) {
            if (tableEnds[i] >= time) {
                target = tableOffsets[i];
                break;
            }
        }
        packetNext = packetCount = 0;
        packetIndex = -1;
        in.seek(target < 0 ? dataEnd : target);
    }

    private void loadTable() throws IOException {
        if (tableOffsets != null) {
            return;
        }
        long pos = in.offset();
        in.seek(dataTablePosition);
        long len = in.size() - dataTablePosition;
        if (len == 0) {
            throw in.error(dataTablePosition, "file ends at byte " + in.size() + ", where the header places the"
                    + " file-data table; expected the table");
        }
        if (len > MAX_PACKET) {
            throw in.error(dataTablePosition, "file-data table of " + len + " bytes (expected at most " + MAX_PACKET + ")");
        }
        byte[] raw = in.readBytes((int) len, "the file-data table");
        List<long[]> rows = new ArrayList<>();
        try {
            ByteBuffer bb = compression.decompress(raw, raw.length, MAX_DECOMPRESSED).order(ByteOrder.LITTLE_ENDIAN);
            FlatTable t = FlatTable.root(bb, "FTAB");
            int[] v = t.vector(0, 4);
            int count = v == null ? 0 : v[1];
            for (int i = 0; i < count; i++) {
                FlatTable d = t.tableAt(v[0], i);
                long off = d.getLong(0, 0);
                int info = d.struct(1, 8);
                int stream = info == 0 ? 0 : bb.getInt(info);
                if (stream == eventStream) {
                    rows.add(new long[] {off, d.getLong(4, Long.MAX_VALUE)});
                }
            }
        } catch (IllegalStateException e) {
            // the table runs to the end of the file, so a file cut inside it looks corrupt too
            throw in.error(dataTablePosition, "corrupt file-data table (or the file ends inside it, at byte "
                    + in.size() + "): " + e.getMessage());
        }
        tableOffsets = new long[rows.size()];
        tableEnds = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            tableOffsets[i] = rows.get(i)[0];
            tableEnds[i] = rows.get(i)[1];
            if (tableOffsets[i] < 0 || tableOffsets[i] >= dataEnd) {
                throw in.error(dataTablePosition, "file-data table points at byte " + tableOffsets[i] + " outside the packets");
            }
        }
        in.seek(pos);
    }
}
