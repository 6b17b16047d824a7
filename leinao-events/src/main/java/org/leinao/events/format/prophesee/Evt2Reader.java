package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads Prophesee EVT 2.0 RAW: {@code %} header, then little-endian 32-bit words whose top nibble is
 * the type. {@code 0x0} CD_OFF / {@code 0x1} CD_ON: bits 27-22 time low (6 bits), 21-11 x, 10-0 y;
 * {@code 0x8} EVT_TIME_HIGH: bits 27-0 are time bits 33-6; {@code 0xA} EXT_TRIGGER, {@code 0xE}
 * OTHERS, {@code 0xF} CONTINUED are skipped and counted. Any other type is an error.
 *
 * <p>Runs of CD words are decoded in a loop without per-event error branches; an event outside the
 * sensor or an unknown word makes the buffer fill decode again through {@link #decodeChecked}, which
 * reports the first bad word exactly as a word-by-word decoder would.
 */
public final class Evt2Reader extends ChannelEventReader {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long timeHigh;

    /** Opens {@code file} and reads its header. */
    public Evt2Reader(Path file) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        super(EventFormat.EVT2, in, parseHeader(in, PropheseeHeader::readSensor));
    }

    @Override
    protected boolean refill() throws IOException {
        return request(4, "a 32-bit word");
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        // Words are read from the heap buffer's array (ChannelInput allocates a heap buffer).
        byte[] arr = b.array();
        int base = b.arrayOffset();
        int start = b.position();
        int pos = base + start;
        int end = pos + (b.remaining() & ~3);
        long th = timeHigh;
        long skipped0 = skipped;
        int n0 = n;
        // Range check of a packed (x << 16 | y): adding c sets bit 31 when x >= w and bit 15 when
        // y >= h (x, y < 2^15; a limit above 2048 never fails for 11-bit fields, hence the min)
        int c = (0x8000 - Math.min(w, 2048)) << 16 | (0x8000 - Math.min(h, 2048));
        int bad = 0;
        while (pos < end && n < room) {
            // A run of CD words, one event each: the loop counter is the event index (the word of
            // event j is at off + 4 j), so the stores need no bounds checks, and an event outside
            // the sensor is only noted in bad.
            int k = Math.min((end - pos) >>> 2, room - n);
            int off = pos - 4 * n;
            int stop = n + k;
            int j = n;
            for (; j < stop; j++) {
                int word = (int) INT.get(arr, off + 4 * j);
                if (word >>> 29 != 0) {
                    break;
                }
                int xx = word >>> 11 & 0x7FF;
                int yy = word & 0x7FF;
                bad |= (xx << 16 | yy) + c;
                t[j] = th | (word >>> 22 & 0x3F);
                x[j] = (short) xx;
                y[j] = (short) yy;
                p[j] = (byte) (word >>> 28);
            }
            pos += 4 * (j - n);
            n = j;
            if (j < stop) {
                int type = (int) INT.get(arr, pos) >>> 28;
                if (type == 0x8) {
                    th = (long) ((int) INT.get(arr, pos) & 0x0FFF_FFFF) << 6;
                } else if (type == 0xA || type == 0xE || type == 0xF) {
                    skipped++;
                } else {
                    bad = 0x8000_8000; // an unknown word type: reported by decodeChecked below
                    break;
                }
                pos += 4;
            }
        }
        if ((bad & 0x8000_8000) != 0) {
            // decode this buffer fill again from its start with every check, which throws at the
            // first bad word, so the error is the one a word-by-word decoder gives
            skipped = skipped0;
            b.position(start);
            return decodeChecked(t, x, y, p, n0, room, w, h);
        }
        timeHigh = th;
        b.position(pos - base);
        return n;
    }

    /** The reference decoder: one word at a time, every check in place. */
    private int decodeChecked(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        ByteBuffer b = in.buffer();
        int pos = b.position();
        int end = pos + (b.remaining() & ~3);
        long th = timeHigh;
        while (pos < end && n < room) {
            int word = b.getInt(pos);
            int type = word >>> 28;
            if (type <= 1) {
                int xx = (word >>> 11) & 0x7FF;
                int yy = word & 0x7FF;
                if (xx >= w || yy >= h) {
                    throw outside(offsetOf(pos), xx, yy);
                }
                t[n] = th | ((word >>> 22) & 0x3F);
                x[n] = (short) xx;
                y[n] = (short) yy;
                p[n] = (byte) type;
                n++;
            } else if (type == 0x8) {
                th = (long) (word & 0x0FFF_FFFF) << 6;
            } else if (type == 0xA || type == 0xE || type == 0xF) {
                skipped++;
            } else {
                timeHigh = th;
                throw in.error(offsetOf(pos), "unknown EVT 2.0 word type 0x"
                        + Integer.toHexString(type) + " (expected 0x0, 0x1, 0x8, 0xA, 0xE or 0xF)");
            }
            pos += 4;
        }
        timeHigh = th;
        b.position(pos);
        return n;
    }
}
