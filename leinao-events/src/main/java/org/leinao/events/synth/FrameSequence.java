package org.leinao.events.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.leinao.events.SensorSize;
import org.leinao.events.io.EventFormatException;

/**
 * A directory of grey-scale (or colour, converted with Rec. 601 luma weights) PNG frames in file-name
 * order, with times either from {@code timestamps.txt} (one integer per line, µs, one line per
 * frame) or from a fixed frame rate.
 */
public final class FrameSequence {

    private final List<Path> files;
    private final long[] times;
    private final SensorSize sensor;

    private FrameSequence(List<Path> files, long[] times, SensorSize sensor) {
        this.files = files;
        this.times = times;
        this.sensor = sensor;
    }

    /**
     * Lists the PNGs of {@code dir}.
     *
     * @param fps frames per second used when the directory has no {@code timestamps.txt}
     */
    public static FrameSequence open(Path dir, double fps) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().forEach(files::add);
        }
        if (files.size() < 2) {
            throw new EventFormatException(dir, -1, "found " + files.size() + " PNG frames (expected at least 2)");
        }
        long[] times = new long[files.size()];
        Path stamps = dir.resolve("timestamps.txt");
        if (Files.isRegularFile(stamps)) {
            List<String> lines = Files.readAllLines(stamps).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
            if (lines.size() != files.size()) {
                throw new EventFormatException(stamps, -1, lines.size() + " timestamps for " + files.size() + " frames (expected one per frame)");
            }
            for (int i = 0; i < times.length; i++) {
                try {
                    times[i] = Long.parseLong(lines.get(i));
                } catch (NumberFormatException e) {
                    throw new EventFormatException(stamps, -1, "line " + (i + 1) + " '" + lines.get(i) + "' (expected an integer time in µs)");
                }
                if (i > 0 && times[i] <= times[i - 1]) {
                    throw new EventFormatException(stamps, -1, "line " + (i + 1) + ": time " + times[i] + " not after " + times[i - 1]);
                }
            }
        } else {
            if (!(fps > 0)) {
                throw new IllegalArgumentException("fps must be > 0, got " + fps);
            }
            for (int i = 0; i < times.length; i++) {
                times[i] = Math.round(i * 1e6 / fps);
            }
        }
        BufferedImage first = read(files.get(0));
        return new FrameSequence(files, times, new SensorSize(first.getWidth(), first.getHeight()));
    }

    /** Number of frames. */
    public int size() {
        return files.size();
    }

    /** Frame size. */
    public SensorSize sensor() {
        return sensor;
    }

    /** Time of frame {@code i}, µs. */
    public long time(int i) {
        return times[i];
    }

    /** Frame {@code i} as intensities in [0, 1], row-major. */
    public float[] intensity(int i) throws IOException {
        BufferedImage img = read(files.get(i));
        if (img.getWidth() != sensor.width() || img.getHeight() != sensor.height()) {
            throw new EventFormatException(files.get(i), -1, "frame of " + img.getWidth() + "x" + img.getHeight()
                    + " (expected " + sensor + " like the first frame)");
        }
        return grey(img);
    }

    /** Rec. 601 luma of each pixel, scaled to [0, 1]; 16-bit grey images keep their precision. */
    public static float[] grey(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = new float[w * h];
        if (img.getType() == BufferedImage.TYPE_USHORT_GRAY || img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            var raster = img.getRaster();
            double max = img.getType() == BufferedImage.TYPE_USHORT_GRAY ? 65535.0 : 255.0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) (raster.getSample(x, y, 0) / max);
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                out[y * w + x] = (float) (luma / 255.0);
            }
        }
        return out;
    }

    private static BufferedImage read(Path p) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(p.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO's messages ("Error reading PNG image data") do not name the file; its decoders also
            // throw unchecked exceptions on some corrupt data
            Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
            throw new EventFormatException(p, -1, "corrupt PNG frame (" + cause.getMessage() + "); expected a"
                    + " readable PNG image");
        }
        if (img == null) {
            throw new EventFormatException(p, 0, "not a readable PNG image");
        }
        return img;
    }
}
