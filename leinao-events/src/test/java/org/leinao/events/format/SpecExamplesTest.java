package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;

/** Hand-assembled files whose expected decoding follows directly from each format's specification. */
class SpecExamplesTest {

    @TempDir
    Path dir;

    @Test
    void aedat31PolarityPacketsWithOverflowAndSkippedTypes() throws Exception {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DAVIS346\r\n#!END-HEADER\r\n".getBytes(StandardCharsets.US_ASCII));
        // special-event packet (type 0) with 2 events: skipped and counted
        f.writeBytes(packetHeader(0, 8, 0, 2));
        f.writeBytes(new byte[16]);
        // polarity packet, overflow counter 1, three events of which the second is invalid
        f.writeBytes(packetHeader(1, 8, 1, 3));
        f.writeBytes(pol(true, 1, 10, 20, 5));
        f.writeBytes(pol(false, 0, 11, 21, 6));
        f.writeBytes(pol(true, 0, 345, 259, 0x7FFF_FFFF));
        Path p = write("a.aedat", f.toByteArray());
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.AEDAT3);
        try (EventReader r = EventFiles.open(p)) {
            assertThat(r.sensor()).isEqualTo(new SensorSize(346, 260));
            EventBatch b = r.readAll(100).events();
            assertThat(b.size()).isEqualTo(2);
            assertThat(b.t()[0]).isEqualTo((1L << 31) + 5);
            assertThat(new int[] {b.x()[0], b.y()[0], b.p()[0]}).containsExactly(10, 20, 1);
            assertThat(b.t()[1]).isEqualTo((1L << 31) + 0x7FFF_FFFFL);
            assertThat(new int[] {b.x()[1], b.y()[1], b.p()[1]}).containsExactly(345, 259, 0);
            assertThat(r.skippedRecords()).isEqualTo(2);
        }
    }

    private static byte[] packetHeader(int type, int size, int overflow, int n) {
        return ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putShort((short) type).putShort((short) 1)
                .putInt(size).putInt(4).putInt(overflow).putInt(n).putInt(n).putInt(n).array();
    }

    private static byte[] pol(boolean valid, int p, int x, int y, int ts) {
        int data = (valid ? 1 : 0) | p << 1 | y << 2 | x << 17;
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(data).putInt(ts).array();
    }

    @Test
    void aedat2Dvs128AddressesAndTimestampWrap() throws Exception {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes("#!AER-DAT2.0\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        b.putInt(5 << 8 | 7 << 1 | 1).putInt(0xFFFF_FFF0); // y 5, x 7, OFF, just before the wrap
        b.putInt(0x8000).putInt(0xFFFF_FFF5);                // external event: skipped
        b.putInt(127 << 8 | 127 << 1).putInt(3);             // y 127, x 127, ON, after the wrap
        b.putInt(0).putInt(4);
        f.writeBytes(b.array());
        Path p = write("d.aedat", f.toByteArray());
        try (EventReader r = EventFiles.open(p)) {
            assertThat(r.sensor()).isEqualTo(new SensorSize(128, 128));
            EventBatch e = r.readAll(100).events();
            assertThat(e.size()).isEqualTo(3);
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(0xFFFF_FFF0L, 7, 5, 0);
            assertThat(new long[] {e.t()[1], e.x()[1], e.y()[1], e.p()[1]}).containsExactly(0x1_0000_0003L, 127, 127, 1);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void evt3VectorWordsExpandToOneEventPerSetBit() throws Exception {
        ByteBuffer w = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        w.putShort((short) 0x8801);          // TIME_HIGH 2049 -> t bits 23-12
        w.putShort((short) 0x6005);          // TIME_LOW 5    -> t = 2049 * 4096 + 5
        w.putShort((short) (0x0000 | 100));  // ADDR_Y 100
        w.putShort((short) (0x3000 | 0x800 | 20)); // VECT_BASE_X 20, ON
        w.putShort((short) (0x4000 | 0b1000_0000_0101)); // VECT_12: x 20, 22, 31
        w.putShort((short) (0x5000 | 0b1000_0001)); // VECT_8: x 32, 39
        w.putShort((short) (0x2000 | 7));    // ADDR_X 7, OFF
        w.putShort((short) 0xA123);          // EXT_TRIGGER: skipped
        w.putShort((short) 0x8000);          // TIME_HIGH 0, a fall by half the range: the 24-bit counter wrapped
        w.putShort((short) (0x2000 | 0x800 | 1)); // ADDR_X 1, ON
        Path p = write("v.raw", concat("% evt 3.0\n% format EVT3;height=480;width=640\n% end\n", w));
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.EVT3);
        try (EventReader r = EventFiles.open(p)) {
            assertThat(r.sensor()).isEqualTo(new SensorSize(640, 480));
            EventBatch e = r.readAll(100).events();
            assertThat(e.size()).isEqualTo(7);
            short[] xs = java.util.Arrays.copyOf(e.x(), 7);
            assertThat(xs).containsExactly((short) 20, (short) 22, (short) 31, (short) 32, (short) 39, (short) 7, (short) 1);
            assertThat(e.t()[0]).isEqualTo(2049 * 4096 + 5);
            assertThat(e.p()[4]).isEqualTo((byte) 1);
            assertThat(e.p()[5]).isZero();
            assertThat(e.y()[6]).isEqualTo((short) 100);
            assertThat(e.t()[6]).isEqualTo((1L << 24) + 5);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void evt2TimeHighAndCdWords() throws Exception {
        ByteBuffer w = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        w.putInt(0x8000_0000 | 3);                       // TIME_HIGH 3 -> t = 3 << 6
        w.putInt(0x1000_0000 | 9 << 22 | 600 << 11 | 400); // CD_ON, low 9, x 600, y 400
        w.putInt(0xE000_0000);                           // OTHERS
        w.putInt(0x0000_0000 | 63 << 22 | 1 << 11 | 2);    // CD_OFF, low 63, x 1, y 2
        Path p = write("e.raw", concat("% evt 2.0\n% geometry 1280x720\n", w));
        try (EventReader r = EventFiles.open(p)) {
            assertThat(r.format()).isEqualTo(EventFormat.EVT2);
            assertThat(r.sensor()).isEqualTo(new SensorSize(1280, 720));
            EventBatch e = r.readAll(100).events();
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(3 * 64 + 9, 600, 400, 1);
            assertThat(new long[] {e.t()[1], e.x()[1], e.y()[1], e.p()[1]}).containsExactly(3 * 64 + 63, 1, 2, 0);
        }
    }

    @Test
    void nmnistOverflowMarkerAddsTwoToTheThirteen() throws Exception {
        byte[] bytes = {
            1, 2, (byte) 0x80, 0, 10,   // x 1, y 2, ON, t 10
            0, (byte) 240, 0, 0, 0,     // overflow marker
            3, 4, 0x00, 0, 11,          // x 3, y 4, OFF, t 11 + 8192
        };
        try (EventReader r = EventFiles.open(write("n.bin", bytes))) {
            EventBatch e = r.readAll(100).events();
            assertThat(e.size()).isEqualTo(2);
            assertThat(e.t()[1]).isEqualTo(11 + 8192);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
    }

    /**
     * A version 1.0 NumPy file's magic and header for the dictionary {@code dict}, padded with spaces
     * and a newline to a multiple of 64 bytes (NEP 1), with room for {@code dataBytes} after it.
     */
    private static ByteBuffer npy(String dict, int dataBytes) {
        String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return b;
    }

    @Test
    void npyWithForeignFieldOrderAndTypes() throws Exception {
        String dict = "{'descr': [('x', '<u2'), ('y', '<u2'), ('p', '|b1'), ('t', '<f8')], 'fortran_order': False, 'shape': (2,), }";
        ByteBuffer b = npy(dict, 2 * 13);
        b.putShort((short) 5).putShort((short) 6).put((byte) 1).putDouble(100.0);
        b.putShort((short) 7).putShort((short) 8).put((byte) 0).putDouble(250.0);
        try (EventReader r = EventFiles.open(write("a.npy", b.array()))) {
            EventBatch e = r.readAll(100).events();
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(100, 5, 6, 1);
            assertThat(new long[] {e.t()[1], e.x()[1], e.y()[1], e.p()[1]}).containsExactly(250, 7, 8, 0);
        }
    }

    /**
     * NumPy files that {@code np.load} reads: Fortran order (the same bytes for a 1-D array),
     * unnamed padding fields (an {@code align=True} dtype, or {@code arr[['t','x','y','p']]} of a
     * wider array), float16 fields (NEP 1, {@code numpy/lib/format.py}).
     */
    @Test
    void npyWithFortranOrderPaddingAndHalfFloats() throws Exception {
        String dict = "{'descr': [('t', '<i8'), ('', '|V3'), ('x', '<i2'), ('y', '<f2'), ('p', '|u1'), ('', '|V2')],"
                + " 'fortran_order': True, 'shape': (2,), }";
        ByteBuffer b = npy(dict, 2 * 18);
        b.putLong(100).put(new byte[] {9, 9, 9}).putShort((short) 5).putShort(Float.floatToFloat16(6f)).put((byte) 1)
                .put(new byte[] {9, 9});
        b.putLong(250).put(new byte[] {9, 9, 9}).putShort((short) 7).putShort(Float.floatToFloat16(719f)).put((byte) 0)
                .put(new byte[] {9, 9});
        try (EventReader r = EventFiles.open(write("f.npy", b.array()))) {
            EventBatch e = r.readAll(100).events();
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(100, 5, 6, 1);
            assertThat(new long[] {e.t()[1], e.x()[1], e.y()[1], e.p()[1]}).containsExactly(250, 7, 719, 0);
        }
    }

    /**
     * A Metavision RAW header ends at {@code % end} (OpenEB {@code GenericHeader::parse_header}), and
     * the first data word may begin with the byte '%': an EVT 3.0 TIME_HIGH of 37 is {@code 25 80}.
     */
    @Test
    void aRawHeaderEndsAtPercentEndEvenWhenTheDataBeginsWithPercent() throws Exception {
        String header = "% evt 3.0\n% format EVT3;height=480;width=640\n% geometry 640x480\n% end\n";
        ByteBuffer w = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int word : new int[] {0x8025, 0x6005, 0x0003, 0x2004, 0x0007, 0x2808}) {
            w.putShort((short) word);
        }
        Path p = write("pct.raw", concat(header, w));
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.EVT3);
        try (EventReader r = EventFiles.open(p)) {
            EventBatch e = r.readAll(100).events();
            long t = 37L << 12 | 5;
            assertThat(e.size()).isEqualTo(2);
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(t, 4, 3, 0);
            assertThat(new long[] {e.t()[1], e.x()[1], e.y()[1], e.p()[1]}).containsExactly(t, 8, 7, 1);
        }
        ByteBuffer w2 = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        w2.putInt(0x8000_0025).putInt(0x1000_0000 | 5 << 22 | 4 << 11 | 3);
        Path p2 = write("pct2.raw", concat("% evt 2.0\n% format EVT2;height=480;width=640\n% end\n", w2));
        try (EventReader r = EventFiles.open(p2)) {
            EventBatch e = r.readAll(100).events();
            assertThat(e.size()).isEqualTo(1);
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(37L << 6 | 5, 4, 3, 1);
        }
    }

    /**
     * The event type and size bytes follow every DAT header, also one without a {@code % Version}
     * line (Prophesee's loader, {@code dat_events_tools.parse_header}, reads them whenever there is
     * a header line).
     */
    @Test
    void aDatHeaderWithoutVersionIsStillFollowedByTypeAndSize() throws Exception {
        ByteBuffer w = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0x0C).put((byte) 8);
        w.putInt(100).putInt(1 << 28 | 2 << 14 | 1);
        w.putInt(200).putInt(4 << 14 | 3);
        Path p = write("nv.dat", concat("% Data file containing CD events\n% Width 10\n% Height 10\n", w));
        try (EventReader r = EventFiles.open(p)) {
            assertThat(r.format()).isEqualTo(EventFormat.DAT);
            EventBatch e = r.readAll(100).events();
            assertThat(e.size()).isEqualTo(2);
            assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0], e.p()[0]}).containsExactly(100, 1, 2, 1);
            assertThat(new long[] {e.t()[1], e.x()[1], e.y()[1], e.p()[1]}).containsExactly(200, 3, 4, 0);
        }
    }

    /** EVT 2.1 (64-bit words) must not pass for EVT 2.0 because its name starts the same. */
    @Test
    void evt21IsRefusedByName() throws Exception {
        ByteBuffer w = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0x8000_0000_0000_0001L);
        for (String line : new String[] {"% format EVT21;height=720;width=1280", "% evt 2.1"}) {
            Path p = write("e21.raw", concat(line + "\n% end\n", w));
            assertThatThrownBy(() -> FormatDetector.detect(p)).isInstanceOf(org.leinao.events.io.EventFormatException.class)
                    .hasMessageContaining("e21.raw").hasMessageContaining("at byte 0")
                    .hasMessageContaining("is not supported (expected EVT 2.0 or EVT 3.0)");
        }
        Path ok = write("e3.raw", concat("% format EVT3.0\n% end\n", ByteBuffer.allocate(0)));
        assertThat(FormatDetector.detect(ok)).isEqualTo(EventFormat.EVT3);
    }

    private static byte[] concat(String header, ByteBuffer words) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        o.write(words.array(), 0, words.position());
        return o.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
