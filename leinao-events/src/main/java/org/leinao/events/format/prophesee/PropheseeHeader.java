package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.events.SensorSize;
import org.leinao.events.io.ChannelInput;

/**
 * The {@code %} header lines shared by DAT and RAW files. The sensor size comes from whichever of
 * the known spellings is present: {@code % Width 640} / {@code % Height 480} (DAT),
 * {@code % geometry 640x480} or {@code % format EVT3;height=480;width=640} (RAW).
 */
final class PropheseeHeader {

    private static final Pattern WIDTH = Pattern.compile("(?i)^%\\s*width\\s+(\\d+)");
    private static final Pattern HEIGHT = Pattern.compile("(?i)^%\\s*height\\s+(\\d+)");
    private static final Pattern GEOMETRY = Pattern.compile("(?i)^%\\s*geometry\\s+(\\d+)x(\\d+)");
    private static final Pattern FORMAT_W = Pattern.compile("(?i)width=(\\d+)");
    private static final Pattern FORMAT_H = Pattern.compile("(?i)height=(\\d+)");

    /** Longest header read, bytes. */
    static final int MAX_HEADER = 16 << 20;

    private PropheseeHeader() {
    }

    /** Reads the {@code %} header lines of {@code in} and returns the sensor they declare. */
    static SensorSize readSensor(ChannelInput in) throws IOException {
        // the header ends at "% end" (every file Metavision writes now has it), or before the first
        // line that does not start "% ": the first data word may begin with the byte '%' (0x25),
        // e.g. an EVT 3.0 TIME_HIGH of 37 (bytes 25 80)
        return sensor(in.readHeaderLines('%', MAX_HEADER, "% end"));
    }

    static SensorSize sensor(List<String> lines) {
        int w = 0;
        int h = 0;
        for (String l : lines) {
            Matcher m;
            if ((m = WIDTH.matcher(l)).find()) {
                w = parse(m.group(1));
            } else if ((m = HEIGHT.matcher(l)).find()) {
                h = parse(m.group(1));
            } else if ((m = GEOMETRY.matcher(l)).find()) {
                w = parse(m.group(1));
                h = parse(m.group(2));
            } else if (l.toLowerCase(Locale.ROOT).startsWith("% format")) {
                Matcher mw = FORMAT_W.matcher(l);
                Matcher mh = FORMAT_H.matcher(l);
                if (mw.find() && mh.find()) {
                    w = parse(mw.group(1));
                    h = parse(mh.group(1));
                }
            }
        }
        return w > 0 && h > 0 && w <= 65_535 && h <= 65_535 ? new SensorSize(w, h) : SensorSize.UNKNOWN;
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String rawHeader(String evt, String format, SensorSize sensor) {
        StringBuilder sb = new StringBuilder();
        sb.append("% evt ").append(evt).append('\n');
        if (sensor.isKnown()) {
            sb.append("% format ").append(format).append(";height=").append(sensor.height())
                    .append(";width=").append(sensor.width()).append('\n');
            sb.append("% geometry ").append(sensor.width()).append('x').append(sensor.height()).append('\n');
        } else {
            sb.append("% format ").append(format).append('\n');
        }
        sb.append("% generator Leinao\n% end\n");
        return sb.toString();
    }
}
