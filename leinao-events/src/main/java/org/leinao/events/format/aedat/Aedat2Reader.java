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
import org.leinao.events.io.EventFormatException;

/**
 * Reads jAER AEDAT 2.0 (and 1.0): {@code #} header lines starting with {@code #!AER-DAT2.0}, then
 * big-endian records of a 32-bit address and a 32-bit timestamp in µs (AEDAT 1.0: 16-bit address).
 * The address layout depends on the camera named in the {@code # AEChip:} line:
 * <ul>
 * <li>DAVIS (default): bit 31 set = APS/IMU sample (skipped), bit 10 set = external event (skipped);
 *     otherwise y = bits 30-22, x = bits 21-12, polarity = bit 11 (1 = ON)</li>
 * <li>DVS128 / Tmpdiff128: x = bits 7-1, y = bits 14-8, bit 0 = 1 for OFF; bit 15 = external event</li>
 * </ul>
 * Coordinates are returned as stored; jAER flips x for display, which we do not do here.
 * A 32-bit timestamp that steps back by more than half its range is taken as a wrap-around.
 */
public final class Aedat2Reader extends ChannelEventReader {

    /** The address layouts we decode. */
    public enum Layout {
        /** DAVIS240/346/640 address: y 30-22, x 21-12, polarity 11. */
        DAVIS,
        /** DVS128 address: y 14-8, x 7-1, OFF bit 0. */
        DVS128
    }

    private final Layout layout;
    private final int recordBytes;
    private final long created;
    private long high;
    private long lastLow = -1;

    /** What the header declares ({@code created} -1 when it states no creation time). */
    private record Header(Layout layout, int recordBytes, SensorSize sensor, long created) {
    }

    /** Opens {@code file}, reads its header and picks the address layout from the AEChip line. */
    public Aedat2Reader(Path file) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.BIG_ENDIAN);
        Header header = parseHeader(in, Aedat2Reader::readHeader);
        super(EventFormat.AEDAT2, in, header.sensor());
        layout = header.layout();
        recordBytes = header.recordBytes();
        created = header.created();
    }

    private static Header readHeader(ChannelInput in) throws IOException {
        List<String> lines = in.readHeaderLines('#', 64 << 20);
        boolean v1 = true;
        for (String l : lines) {
            if (l.startsWith("#!AER-DAT")) {
                v1 = l.startsWith("#!AER-DAT1");
                if (!v1 && !l.startsWith("#!AER-DAT2")) {
                    throw in.error(0, "version line '" + l + "' (expected #!AER-DAT1.0 or 2.0 for AEDAT 2, #!AER-DAT3.1 or"
                            + " #!AER-DAT4.0 for the later formats)");
                }
                break;
            }
        }
        int recordBytes = v1 ? 6 : 8;
        String chip = "";
        for (String l : lines) {
            int i = l.indexOf("AEChip:");
            if (i >= 0) {
                chip = l.substring(i + 7).trim().toLowerCase(Locale.ROOT);
            }
        }
        // "# Sensor: WxH" (or "unknown") is Leinao's record of the size, which AEDAT 2.0 has no field for
        // (Aedat2Writer); it overrides the chip's size. Other readers take '#' lines as comments.
        SensorSize declared = null;
        for (String l : lines) {
            Matcher m = SENSOR.matcher(l);
            if (m.matches()) {
                declared = m.group(1).equalsIgnoreCase("unknown") ? SensorSize.UNKNOWN : sensorOf(m.group(1));
            }
        }
        long created = -1;
        for (String l : lines) {
            Matcher m = CREATED.matcher(l);
            if (m.matches()) {
                created = Long.parseLong(m.group(1));
            }
        }
        if (v1 || chip.contains("dvs128") || chip.contains("tmpdiff128")) {
            return new Header(Layout.DVS128, recordBytes, declared != null ? declared : new SensorSize(128, 128),
                    created);
        }
        SensorSize sensor;
        if (declared != null) {
            sensor = declared;
        } else if (chip.contains("346")) {
            sensor = new SensorSize(346, 260);
        } else if (chip.contains("240")) {
            sensor = new SensorSize(240, 180);
        } else if (chip.contains("640")) {
            sensor = new SensorSize(640, 480);
        } else {
            sensor = SensorSize.UNKNOWN;
        }
        return new Header(Layout.DAVIS, recordBytes, sensor, created);
    }

    /** jAER's header line {@code # Creation time: System.currentTimeMillis() 1695355587880}. */
    private static final Pattern CREATED = Pattern.compile(
            "#\\s*Creation time:\\s*System\\.currentTimeMillis\\(\\)\\s*(\\d{1,18})\\s*");
    private static final Pattern SENSOR = Pattern.compile("(?i)#\\s*sensor:\\s*(unknown|\\d{1,5}\\s*x\\s*\\d{1,5})\\s*");

    private static SensorSize sensorOf(String wxh) {
        String[] parts = wxh.toLowerCase(Locale.ROOT).split("x");
        int w = Integer.parseInt(parts[0].strip());
        int h = Integer.parseInt(parts[1].strip());
        return w > 0 && h > 0 && w <= 65_535 && h <= 65_535 ? new SensorSize(w, h) : SensorSize.UNKNOWN;
    }

    /** The address layout in use. */
    public Layout layout() {
        return layout;
    }

    @Override
    public java.util.OptionalLong createdMillis() {
        return created < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(created);
    }

    @Override
    protected boolean refill() throws IOException {
        return request(recordBytes, "an event");
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        int rb = recordBytes;
        boolean davis = layout == Layout.DAVIS;
        ByteBuffer b = in.buffer();
        int pos = b.position();
        int end = pos + b.remaining() / rb * rb;
        long hi = high;
        long last = lastLow;
        long skip = skipped;
        while (pos < end && n < room) {
            int addr = rb == 8 ? b.getInt(pos) : b.getShort(pos) & 0xFFFF;
            long low = Integer.toUnsignedLong(b.getInt(pos + rb - 4));
            if (low < last && last - low > 0x8000_0000L) {
                hi += 0x1_0000_0000L;
            }
            last = low;
            int xx;
            int yy;
            int pp;
            if (davis) {
                if ((addr & 0x8000_0400) != 0) {
                    skip++;
                    pos += rb;
                    continue;
                }
                yy = (addr >>> 22) & 0x1FF;
                xx = (addr >>> 12) & 0x3FF;
                pp = (addr >>> 11) & 1;
            } else {
                if ((addr & 0x8000) != 0) {
                    skip++;
                    pos += rb;
                    continue;
                }
                yy = (addr >>> 8) & 0x7F;
                xx = (addr >>> 1) & 0x7F;
                pp = 1 - (addr & 1);
            }
            if (xx >= w || yy >= h) {
                high = hi;
                lastLow = last;
                skipped = skip;
                throw outside(offsetOf(pos), xx, yy);
            }
            t[n] = hi | low;
            x[n] = (short) xx;
            y[n] = (short) yy;
            p[n] = (byte) pp;
            n++;
            pos += rb;
        }
        high = hi;
        lastLow = last;
        skipped = skip;
        b.position(pos);
        return n;
    }

    @Override
    protected EventFormatException outside(long at, int xx, int yy) {
        return in.error(at, "event (" + xx + ", " + yy + ") outside the sensor " + sensor() + " of the declared AEChip");
    }
}
