package org.leinao.events;

/**
 * Pixel-array size of the sensor that produced a recording.
 *
 * @param width  number of columns; valid x are {@code 0 .. width-1}
 * @param height number of rows; valid y are {@code 0 .. height-1}
 */
public record SensorSize(int width, int height) {

    /** Size used when a format does not declare one and nothing was inferred yet. */
    public static final SensorSize UNKNOWN = new SensorSize(0, 0);

    public SensorSize {
        if (width < 0 || height < 0 || width > 65_535 || height > 65_535) {
            throw new IllegalArgumentException("sensor size must be within 0..65535, got " + width + "x" + height);
        }
    }

    /** @return true when both dimensions are known (non-zero) */
    public boolean isKnown() {
        return width > 0 && height > 0;
    }

    /** @return true when pixel (x, y) lies on the array; always true for an unknown size */
    public boolean contains(int x, int y) {
        return !isKnown() || (x >= 0 && y >= 0 && x < width && y < height);
    }

    /** Parses {@code "346x260"}. */
    public static SensorSize parse(String text) {
        int i = text.toLowerCase(java.util.Locale.ROOT).indexOf('x');
        if (i <= 0) {
            throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 346x260, got '" + text + "'");
        }
        try {
            return new SensorSize(Integer.parseInt(text.substring(0, i).trim()),
                    Integer.parseInt(text.substring(i + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 346x260, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
