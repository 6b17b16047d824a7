package org.leinao.events.format.prophesee;

import java.io.IOException;
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
 */
public final class Evt2Reader extends ChannelEventReader {

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
