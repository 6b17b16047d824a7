package org.leinao.events.format.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leinao.events.SensorSize;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads a {@code .npy} structured array of events. Layout: {@code \x93NUMPY}, major and minor version
 * bytes, header length (uint16 in version 1, uint32 in 2 and 3, little-endian), a Python dict literal
 * {@code {'descr': [('t', '<i8'), ('x', '<i2'), ...], 'fortran_order': False, 'shape': (N,)}}, then N
 * packed records. Fields are found by name (t/ts/timestamp, x, y, p/pol/polarity); integer, boolean
 * and floating types of either byte order are accepted; a floating t is taken as µs like the others.
 */
public final class NpyReader extends ChannelEventReader {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern FIELD = Pattern.compile("\\(\\s*'([^']*)'\\s*,\\s*'([<>|=])([a-zA-Z])(\\d+)'\\s*\\)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,?\\s*\\)");

    private final long count;
    private final int recordSize;
    /** Whether the records have the layout {@link NpyWriter} writes, decoded without the generic field reader. */
    private final boolean ours;
    private final Field[] fields = new Field[4]; // t, x, y, p
    private long done;

    /** Record size of the layout {@link NpyWriter} writes. */
    private static final int OUR_RECORD = 13;

    private record Field(int offset, char kind, int size, boolean little) {
    }

    /** Opens {@code file} and parses its header. */
    public NpyReader(Path file) throws IOException {
        super(EventFormat.NPY, new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN), SensorSize.UNKNOWN);
        try {
            in.require(10, "the NPY preamble");
            ByteBuffer b = in.buffer();
            for (int i = 0; i < MAGIC.length; i++) {
                if (b.get() != MAGIC[i]) {
                    throw in.error(i, "not a NumPy .npy file (expected \\x93NUMPY)");
                }
            }
            int major = b.get() & 0xFF;
            b.get();
            long lenAt = in.offset();
            long hlen;
            if (major == 1) {
                hlen = b.getShort() & 0xFFFF;
            } else if (major == 2 || major == 3) {
                in.require(4, "the NPY header length");
                hlen = Integer.toUnsignedLong(b.getInt());
            } else {
                throw in.error(6, "NPY version " + major + " (expected 1, 2 or 3)");
            }
            if (hlen > (1 << 20) || hlen > in.remainingInFile()) {
                throw in.error(lenAt, "header length " + hlen + " (expected at most " + Math.min(1 << 20, in.remainingInFile()) + ")");
            }
            long headerAt = in.offset();
            String header = new String(in.readBytes((int) hlen, "the NPY header"), StandardCharsets.ISO_8859_1);
            // fortran_order True is the same layout for the 1-D arrays read here (numpy reads it so)
            Matcher shape = SHAPE.matcher(header);
            if (!shape.find()) {
                throw in.error(headerAt, "header without a 1-D 'shape': (N,) (expected a 1-D structured array)");
            }
            long n;
            try {
                n = Long.parseLong(shape.group(1));
            } catch (NumberFormatException e) {
                throw in.error(headerAt, "shape " + shape.group(1) + " is not a count");
            }
            Matcher m = FIELD.matcher(header);
            int off = 0;
            while (m.find()) {
                char kind = m.group(3).charAt(0);
                int size = Integer.parseInt(m.group(4));
                if (kind == 'V' && slot(m.group(1)) < 0) {
                    // padding ('', '|V4') of an aligned dtype or a multi-field view: bytes to skip
                    off += size;
                    continue;
                }
                if (size < 1 || size > 8 || "iubf?".indexOf(kind) < 0 || (kind == 'f' && size != 2 && size != 4 && size != 8)) {
                    throw in.error(headerAt, "field '" + m.group(1) + "' of type " + m.group(2) + kind + size
                            + " (expected integer, bool or float16/32/64)");
                }
                int slot = slot(m.group(1));
                if (slot >= 0) {
                    fields[slot] = new Field(off, kind, size, !m.group(2).equals(">"));
                }
                off += size;
            }
            for (int i = 0; i < 4; i++) {
                if (fields[i] == null) {
                    throw in.error(headerAt, "no field '" + "txyp".charAt(i) + "' in the dtype (expected fields t, x, y, p)");
                }
            }
            recordSize = off;
            ours = off == OUR_RECORD && fields[0].equals(new Field(0, 'i', 8, true))
                    && fields[1].equals(new Field(8, 'i', 2, true)) && fields[2].equals(new Field(10, 'i', 2, true))
                    && fields[3].offset() == 12 && fields[3].kind() == 'i' && fields[3].size() == 1;
            if (n * recordSize != in.remainingInFile()) {
                throw in.error(in.offset(), "shape (" + n + ",) of " + recordSize + "-byte records needs "
                        + n * recordSize + " data bytes, file has " + in.remainingInFile());
            }
            count = n;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static int slot(String name) {
        return switch (name) {
            case "t", "ts", "timestamp", "time" -> 0;
            case "x" -> 1;
            case "y" -> 2;
            case "p", "pol", "polarity" -> 3;
            default -> -1;
        };
    }

    /** Number of records declared by the header. */
    public long count() {
        return count;
    }

    @Override
    protected boolean refill() throws IOException {
        if (done >= count) {
            return false;
        }
        in.require(recordSize, "a record");
        return true;
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        Field ft = fields[0];
        Field fx = fields[1];
        Field fy = fields[2];
        Field fp = fields[3];
        int rs = recordSize;
        ByteBuffer b = in.buffer();
        int k = (int) Math.min(Math.min(room - n, count - done), b.remaining() / rs);
        int pos = b.position();
        if (ours) {
            // the layout NpyWriter writes: t <i8 at 0, x <i2 at 8, y <i2 at 10, p <i1 at 12
            for (int j = 0; j < k; j++, pos += OUR_RECORD) {
                short xv = b.getShort(pos + 8);
                short yv = b.getShort(pos + 10);
                if (xv < 0 || yv < 0) {
                    throw in.error(offsetOf(pos), "coordinates (" + xv + ", " + yv + ") outside 0..32767");
                }
                t[n] = b.getLong(pos);
                x[n] = xv;
                y[n] = yv;
                p[n] = b.get(pos + 12) > 0 ? (byte) 1 : 0;
                n++;
            }
            done += k;
            b.position(pos);
            return n;
        }
        for (int j = 0; j < k; j++, pos += rs) {
            t[n] = value(b, pos, ft);
            long xv = value(b, pos, fx);
            long yv = value(b, pos, fy);
            if (xv < 0 || yv < 0 || xv > Short.MAX_VALUE || yv > Short.MAX_VALUE) {
                throw in.error(offsetOf(pos), "coordinates (" + xv + ", " + yv + ") outside 0..32767");
            }
            x[n] = (short) xv;
            y[n] = (short) yv;
            p[n] = value(b, pos, fp) > 0 ? (byte) 1 : 0;
            n++;
        }
        done += k;
        b.position(pos);
        return n;
    }

    private static long value(ByteBuffer b, int pos, Field f) {
        int at = pos + f.offset;
        long bits = 0;
        for (int i = 0; i < f.size; i++) {
            int shift = f.little ? 8 * i : 8 * (f.size - 1 - i);
            bits |= (long) (b.get(at + i) & 0xFF) << shift;
        }
        return switch (f.kind) {
            case 'f' -> (long) (f.size == 2 ? Float.float16ToFloat((short) bits)
                    : f.size == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits));
            case 'i' -> f.size == 8 ? bits : (bits << (64 - 8 * f.size)) >> (64 - 8 * f.size);
            default -> bits; // unsigned; a uint64 above 2^63 wraps negative and fails the range checks
        };
    }
}
