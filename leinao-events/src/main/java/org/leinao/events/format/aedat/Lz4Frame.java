package org.leinao.events.format.aedat;

import io.airlift.compress.lz4.Lz4Compressor;
import java.util.Arrays;

/**
 * LZ4 frames as DV writes each AEDAT 4.0 packet (LZ4 Frame Format Description v1.6.x: magic
 * {@code 0x184D2204}, FLG/BD descriptor, blocks of a 32-bit size whose top bit marks a stored block,
 * a zero end mark, optional checksums).
 *
 * <p>The block decoder is our own because DV links blocks (FLG bit 5 clear): a match may reach back
 * into the previous block, which a one-block decompressor rejects. Decoding every block into one
 * contiguous output makes such references plain back-references. Output is capped by the caller so a
 * corrupt size can never allocate without bound.
 */
final class Lz4Frame {

    static final int MAGIC = 0x184D2204;
    private static final int BLOCK = 64 * 1024;

    private Lz4Frame() {
    }

    /**
     * Decodes all frames in {@code in[off, off+len)}.
     *
     * @param maxOut refuse output beyond this many bytes
     * @throws IllegalStateException describing the first inconsistency
     */
    static byte[] decode(byte[] in, int off, int len, int maxOut) {
        int end = off + len;
        int i = off;
        byte[] out = new byte[Math.min(maxOut, Math.max(64, len * 4))];
        int o = 0;
        while (i < end) {
            need(i, 4, end, "frame magic");
            int magic = le32(in, i);
            i += 4;
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) { // skippable frame
                need(i, 4, end, "skippable frame size");
                long n = Integer.toUnsignedLong(le32(in, i));
                i += 4;
                need(i, n, end, "skippable frame");
                i += (int) n;
                continue;
            }
            if (magic != MAGIC) {
                throw new IllegalStateException(String.format("LZ4 frame magic 0x%08X (expected 0x184D2204)", magic));
            }
            need(i, 3, end, "frame descriptor");
            int flg = in[i] & 0xFF;
            int bd = in[i + 1] & 0xFF;
            i += 2;
            if ((flg >>> 6) != 1) {
                throw new IllegalStateException("LZ4 frame version " + (flg >>> 6) + " (expected 1)");
            }
            int blockMax = switch ((bd >>> 4) & 7) {
                case 4 -> 64 * 1024;
                case 5 -> 256 * 1024;
                case 6 -> 1024 * 1024;
                case 7 -> 4 * 1024 * 1024;
                default -> throw new IllegalStateException("LZ4 block maximum code " + ((bd >>> 4) & 7) + " (expected 4..7)");
            };
            boolean blockChecksum = (flg & 0x10) != 0;
            boolean contentSize = (flg & 0x08) != 0;
            boolean contentChecksum = (flg & 0x04) != 0;
            boolean dictId = (flg & 0x01) != 0;
            i += (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1; // + header checksum byte
            while (true) {
                need(i, 4, end, "block size");
                int raw = le32(in, i);
                i += 4;
                if (raw == 0) {
                    break;
                }
                boolean stored = raw < 0;
                int size = raw & 0x7FFFFFFF;
                if (size > blockMax) {
                    throw new IllegalStateException("LZ4 block of " + size + " bytes exceeds the declared maximum " + blockMax);
                }
                need(i, size, end, "block");
                if (stored) {
                    out = room(out, o, size, maxOut);
                    System.arraycopy(in, i, out, o, size);
                    o += size;
                } else {
                    int[] state = {o};
                    out = decodeBlock(in, i, i + size, out, state, maxOut);
                    o = state[0];
                }
                i += size + (blockChecksum ? 4 : 0);
            }
            i += contentChecksum ? 4 : 0;
        }
        if (i > end) {
            throw new IllegalStateException("LZ4 frame ends after the packet");
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    private static byte[] decodeBlock(byte[] in, int i, int end, byte[] out, int[] state, int maxOut) {
        int o = state[0];
        while (true) {
            need(i, 1, end, "sequence token");
            int token = in[i++] & 0xFF;
            int lit = token >>> 4;
            if (lit == 15) {
                int b;
                do {
                    need(i, 1, end, "literal length");
                    b = in[i++] & 0xFF;
                    lit += b;
                } while (b == 255 && lit < Integer.MAX_VALUE / 2);
            }
            need(i, lit, end, "literals");
            out = room(out, o, lit, maxOut);
            System.arraycopy(in, i, out, o, lit);
            i += lit;
            o += lit;
            if (i == end) {
                break; // the last sequence has literals only
            }
            need(i, 2, end, "match offset");
            int offset = (in[i] & 0xFF) | (in[i + 1] & 0xFF) << 8;
            i += 2;
            if (offset == 0 || offset > o) {
                throw new IllegalStateException("LZ4 match offset " + offset + " reaches before the output start");
            }
            int match = (token & 15) + 4;
            if ((token & 15) == 15) {
                int b;
                do {
                    need(i, 1, end, "match length");
                    b = in[i++] & 0xFF;
                    match += b;
                } while (b == 255 && match < Integer.MAX_VALUE / 2);
            }
            out = room(out, o, match, maxOut);
            int from = o - offset;
            if (offset >= match) {
                System.arraycopy(out, from, out, o, match);
            } else {
                for (int k = 0; k < match; k++) {
                    out[o + k] = out[from + k]; // overlapping copy repeats the pattern
                }
            }
            o += match;
        }
        state[0] = o;
        return out;
    }

    private static byte[] room(byte[] out, int o, int n, int maxOut) {
        long need = (long) o + n;
        if (need > maxOut) {
            throw new IllegalStateException("LZ4 output exceeds the limit of " + maxOut + " bytes");
        }
        if (need > out.length) {
            return Arrays.copyOf(out, (int) Math.min(maxOut, Math.max(need, out.length * 2L)));
        }
        return out;
    }

    private static void need(long i, long n, long end, String what) {
        if (n < 0 || i + n > end) {
            throw new IllegalStateException("LZ4 data ends inside the " + what);
        }
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    /** Encodes {@code in[0, len)} as one LZ4 frame of independent 64 KiB blocks. */
    static byte[] encode(byte[] in, int len) {
        Lz4Compressor c = new Lz4Compressor();
        byte[] out = new byte[7 + len + (len / BLOCK + 1) * (4 + c.maxCompressedLength(BLOCK)) + 4];
        int o = 0;
        o = put32(out, o, MAGIC);
        out[o++] = 0x60; // version 01, independent blocks, no checksums, no content size
        out[o++] = 0x40; // 64 KiB maximum block
        out[o] = (byte) (XxHash32.hash(out, 4, 2, 0) >>> 8);
        o++;
        for (int i = 0; i < len; i += BLOCK) {
            int n = Math.min(BLOCK, len - i);
            int size = c.compress(in, i, n, out, o + 4, out.length - o - 4);
            if (size >= n) { // incompressible: store it
                put32(out, o, n | 0x80000000);
                System.arraycopy(in, i, out, o + 4, n);
                size = n;
            } else {
                put32(out, o, size);
            }
            o += 4 + size;
        }
        o = put32(out, o, 0);
        return Arrays.copyOf(out, o);
    }

    private static int put32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
        return o + 4;
    }
}
