package org.leinao.events.format.prophesee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.io.EventFormatException;

/**
 * The DAT reader's fast loop (events stored unchecked, the range check only noted) against a
 * decoder written here from the format description: times with 32-bit wrap-arounds, polarity nibbles
 * other than 0 and 1, batches of many sizes across 1 MiB buffer refills, and files with one event
 * outside the sensor, which must fail at that event's byte with the message a checked decoder gives.
 */
class DatDecodeTest {

    @TempDir
    Path dir;

    private static final int W = 640;
    private static final int H = 480;

    @Test
    void eventsMatchTheFormatDescription() throws Exception {
        int n = 300_000; // 2.4 MB of events: three buffer refills
        byte[] header = header();
        ByteBuffer ev = events(n, -1, new SplittableRandom(5));
        Path f = write("a.dat", header, ev);
        for (int cap : new int[] {1, 7, 4_096, 65_536, 131_072}) {
            long hi = 0;
            long last = -1;
            int i = 0;
            try (DatReader r = new DatReader(f)) {
                assertThat(r.sensor().width()).isEqualTo(W);
                EventBatch b = new EventBatch(cap);
                while (r.read(b) > 0) {
                    for (int k = 0; k < b.size(); k++, i++) {
                        long low = ev.getInt(8 * i) & 0xFFFF_FFFFL;
                        int data = ev.getInt(8 * i + 4);
                        if (last >= 0 && low < last && last - low > 0x8000_0000L) {
                            hi += 1L << 32;
                        }
                        last = low;
                        assertThat(b.t()[k]).as("t of event %d, batches of %d", i, cap).isEqualTo(hi + low);
                        assertThat(b.x()[k]).isEqualTo((short) (data & 0x3FFF));
                        assertThat(b.y()[k]).isEqualTo((short) (data >>> 14 & 0x3FFF));
                        assertThat(b.p()[k]).isEqualTo((byte) (data >>> 28 == 0 ? 0 : 1));
                    }
                }
            }
            assertThat(i).isEqualTo(n);
            assertThat(hi).as("the stream wraps").isPositive();
        }
    }

    @Test
    void anEventOutsideTheSensorFailsAtItsByte() throws Exception {
        byte[] header = header();
        SplittableRandom r = new SplittableRandom(9);
        for (int bad : new int[] {0, 1, 65_535, 131_071, 131_072, 200_001, 299_999}) {
            for (boolean inX : new boolean[] {true, false}) {
                ByteBuffer ev = events(300_000, bad, r);
                int xx = inX ? W + r.nextInt(16_384 - W) : r.nextInt(W);
                int yy = inX ? r.nextInt(H) : H + r.nextInt(16_384 - H);
                ev.putInt(8 * bad + 4, xx | yy << 14 | r.nextInt(16) << 28);
                Path f = write("b.dat", header, ev);
                long at = header.length + 8L * bad;
                try (DatReader rd = new DatReader(f)) {
                    EventBatch b = new EventBatch(65_536);
                    assertThatThrownBy(() -> {
                        while (rd.read(b) > 0) {
                            // read on
                        }
                    }).isInstanceOf(EventFormatException.class)
                            .hasMessageContaining("at byte " + at + ": event (" + xx + ", " + yy
                                    + ") outside the declared sensor " + W + "x" + H);
                }
            }
        }
    }

    private static byte[] header() {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(("% Data file containing CD events.\n% Version 2\n% Height " + H + "\n% Width " + W + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        h.write(0x0C);
        h.write(8);
        return h.toByteArray();
    }

    /** n events inside the sensor; times grow by up to 2^31 - 1 some of the time, so they wrap. */
    private static ByteBuffer events(int n, int skip, SplittableRandom r) {
        ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(1_000) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(3);
            b.putInt(8 * i, (int) t);
            b.putInt(8 * i + 4, r.nextInt(W) | r.nextInt(H) << 14 | r.nextInt(16) << 28);
        }
        return b;
    }

    private Path write(String name, byte[] header, ByteBuffer events) throws Exception {
        Path f = dir.resolve(name);
        byte[] all = new byte[header.length + events.capacity()];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(events.array(), 0, all, header.length, events.capacity());
        Files.write(f, all);
        return f;
    }
}
