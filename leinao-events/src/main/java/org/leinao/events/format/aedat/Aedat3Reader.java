package org.leinao.events.format.aedat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.events.SensorSize;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads AEDAT 3.1 (libcaer): {@code #!AER-DAT3.1} header lines up to {@code #!END-HEADER}, then
 * packets, each a 28-byte little-endian header
 * <pre>
 * int16 eventType, int16 eventSource, int32 eventSize, int32 eventTSOffset, int32 eventTSOverflow,
 * int32 eventCapacity, int32 eventNumber, int32 eventValid
 * </pre>
 * followed by {@code eventCapacity * eventSize} bytes. Polarity events (type 1, 8 bytes): uint32 data
 * (bit 0 valid, bit 1 polarity, bits 16-2 y, bits 31-17 x) and int32 timestamp; the full time is
 * {@code eventTSOverflow << 31 | timestamp}. Invalid events are dropped; packets of other types
 * (special, frame, IMU, ...) are skipped and their events counted.
 */
public final class Aedat3Reader extends ChannelEventReader {

    private static final int POLARITY = 1;
    private static final Pattern SIZE_X = Pattern.compile("dvsSizeX\"[^>]*>(\\d+)<");
    private static final Pattern SIZE_Y = Pattern.compile("dvsSizeY\"[^>]*>(\\d+)<");

    private int left;
    private long overflow;
    private long packetAt;

    /** Opens {@code file} and reads its header. */
    public Aedat3Reader(Path file) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        super(EventFormat.AEDAT3, in, parseHeader(in, Aedat3Reader::readHeader));
    }

    /** Reads the {@code #} lines; returns the sensor from {@code dvsSizeX/Y} or the camera's name. */
    private static SensorSize readHeader(ChannelInput in) throws IOException {
        List<String> lines = in.readHeaderLines('#', 64 << 20);
        if (lines.isEmpty() || !lines.get(0).startsWith("#!AER-DAT3")) {
            throw in.error(0, "not an AEDAT 3.x file (expected \"#!AER-DAT3.1\")");
        }
        String all = String.join("\n", lines);
        Matcher mx = SIZE_X.matcher(all);
        Matcher my = SIZE_Y.matcher(all);
        String lower = all.toLowerCase(Locale.ROOT);
        if (mx.find() && my.find()) {
            return new SensorSize(Integer.parseInt(mx.group(1)), Integer.parseInt(my.group(1)));
        } else if (lower.contains("dvs128")) {
            return new SensorSize(128, 128);
        } else if (lower.contains("davis346")) {
            return new SensorSize(346, 260);
        } else if (lower.contains("davis240")) {
            return new SensorSize(240, 180);
        } else if (lower.contains("davis640") || lower.contains("dvxplorer")) {
            return new SensorSize(640, 480);
        }
        return SensorSize.UNKNOWN;
    }

    @Override
    protected boolean refill() throws IOException {
        if (left == 0 && !nextPacket()) {
            return false;
        }
        in.require(8, "a polarity event");
        return true;
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        int k = Math.min(left, b.remaining() >>> 3);
        int pos = b.position();
        long hi = overflow << 31;
        int j = 0;
        for (; j < k && n < room; j++, pos += 8) {
            int data = b.getInt(pos);
            if ((data & 1) == 0) {
                continue;
            }
            int xx = data >>> 17;
            int yy = (data >>> 2) & 0x7FFF;
            if (xx >= w || yy >= h) {
                throw outside(offsetOf(pos), xx, yy);
            }
            t[n] = hi | (b.getInt(pos + 4) & 0x7FFF_FFFFL);
            x[n] = (short) xx;
            y[n] = (short) yy;
            p[n] = (byte) ((data >>> 1) & 1);
            n++;
        }
        left -= j;
        b.position(pos);
        return n;
    }

    private boolean nextPacket() throws IOException {
        while (true) {
            packetAt = in.offset();
            if (!request(28, "a packet header")) {
                return false;
            }
            ByteBuffer b = in.buffer();
            int type = b.getShort();
            b.getShort(); // source
            int size = b.getInt();
            b.getInt(); // tsOffset: where the timestamp sits inside an event
            int ovf = b.getInt();
            int capacity = b.getInt();
            int number = b.getInt();
            b.getInt(); // valid
            long bytes = (long) capacity * size;
            if (size <= 0 || capacity < 0 || number < 0 || number > capacity || bytes > in.remainingInFile()) {
                throw in.error(packetAt, "packet header with event size " + size + ", capacity " + capacity
                        + ", number " + number + " (expected size > 0, 0 <= number <= capacity, "
                        + "capacity * size <= the " + in.remainingInFile() + " bytes left)");
            }
            if (type == POLARITY) {
                if (size != 8) {
                    throw in.error(packetAt, "polarity event size " + size + " (expected 8)");
                }
                if (ovf < 0) {
                    throw in.error(packetAt, "negative timestamp overflow counter " + ovf);
                }
                overflow = ovf;
                left = capacity;
                if (left > 0) {
                    return true;
                }
            } else {
                skipped += number;
                in.skip(bytes, "a packet of type " + type);
            }
        }
    }
}
