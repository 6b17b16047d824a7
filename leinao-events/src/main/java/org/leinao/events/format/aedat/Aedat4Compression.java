package org.leinao.events.format.aedat;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Packet compression of AEDAT 4.0, the {@code CompressionType} enum of DV's {@code IOHeader} schema
 * (0 none, 1 LZ4, 2 LZ4 high, 3 ZSTD, 4 ZSTD high). The "high" variants differ only in the effort of
 * the compressor; their streams decode the same way, so they are written here with the standard
 * compressors.
 */
public enum Aedat4Compression {
    /** Stored as is. */
    NONE,
    /** LZ4 frame. */
    LZ4,
    /** LZ4 frame, high compression. */
    LZ4_HIGH,
    /** Zstandard frame. */
    ZSTD,
    /** Zstandard frame, high compression. */
    ZSTD_HIGH;

    /** The enum for a code in the header, or null when unknown. */
    static Aedat4Compression ofCode(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }

    /** Parses {@code none|lz4|lz4_high|zstd|zstd_high} (case-insensitive, '-' allowed). */
    public static Aedat4Compression parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compression '" + s + "' (expected none, lz4, lz4_high, zstd, zstd_high)");
        }
    }

    byte[] compress(byte[] in, int len) {
        return switch (this) {
            case NONE -> Arrays.copyOf(in, len);
            case LZ4, LZ4_HIGH -> Lz4Frame.encode(in, len);
            case ZSTD, ZSTD_HIGH -> {
                ZstdCompressor c = new ZstdCompressor();
                byte[] out = new byte[c.maxCompressedLength(len)];
                int n = c.compress(in, 0, len, out, 0, out.length);
                yield Arrays.copyOf(out, n);
            }
        };
    }

    /**
     * Decompresses {@code in[0..len)}, refusing to produce more than {@code maxOut} bytes. Without
     * compression the buffer is a view of {@code in} itself (a reader that reuses its array reads
     * the next packet only once this one is decoded).
     */
    ByteBuffer decompress(byte[] in, int len, int maxOut) {
        return switch (this) {
            case NONE -> ByteBuffer.wrap(in, 0, len).slice();
            case LZ4, LZ4_HIGH -> ByteBuffer.wrap(Lz4Frame.decode(in, 0, len, maxOut));
            case ZSTD, ZSTD_HIGH -> ByteBuffer.wrap(unzstd(in, len, maxOut));
        };
    }

    private static byte[] unzstd(byte[] in, int len, int maxOut) {
        try (ZstdInputStream z = new ZstdInputStream(new ByteArrayInputStream(in, 0, len))) {
            byte[] out = new byte[Math.min(maxOut, Math.max(64, len * 4))];
            int o = 0;
            while (true) {
                if (o == out.length) {
                    if (o >= maxOut) {
                        if (z.read() < 0) {
                            break;
                        }
                        throw new IllegalStateException("ZSTD output exceeds the limit of " + maxOut + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxOut, out.length * 2L));
                }
                int r = z.read(out, o, out.length - o);
                if (r < 0) {
                    break;
                }
                o += r;
            }
            return Arrays.copyOf(out, o);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("corrupt ZSTD data: " + e.getMessage());
        }
    }
}
