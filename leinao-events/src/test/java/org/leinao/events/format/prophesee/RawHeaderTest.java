package org.leinao.events.format.prophesee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.FormatDetector;

/**
 * RAW headers as Metavision writes them (an EVK4 and a Gen3 camera, CRLF lines), and older ones
 * without {@code % end} whose first data byte is {@code %}.
 */
class RawHeaderTest {

    @TempDir
    Path dir;

    static final String EVK4 = "% camera_integrator_name Prophesee\n% date 2023-03-29 16:37:46\n% evt 3.0\n"
            + "% format EVT3;height=720;width=1280\n% generation 4.2\n% geometry 1280x720\n"
            + "% integrator_name Prophesee\n% plugin_integrator_name Prophesee\n% plugin_name hal_plugin_imx636_evk4\n"
            + "% sensor_generation 4.2\n% serial_number 00050423\n% system_ID 49\n% end\n";

    /** EVT 3.0 words: TIME_HIGH 37 (bytes 25 80: the first data byte is '%'), TIME_LOW 5, ADDR_Y 3, ADDR_X 7. */
    static byte[] evt3Body() {
        return PropheseeReferenceDecoderTest.littleEndian(new short[] {(short) 0x8025, 0x6005, 0x0003, 0x2007, 0x6A0A, 0x200A});
    }

    Path file(String name, String header, byte[] body) throws Exception {
        return PropheseeReferenceDecoderTest.rawFile(dir, name, header, body);
    }

    static EventBatch read(Path p) throws Exception {
        try (EventReader r = EventFiles.open(p)) {
            return r.readAll(1 << 10).events();
        }
    }

    @Test
    void evk4HeaderWithFirstDataByteAPercent() throws Exception {
        Path p = file("evk4.raw", EVK4, evt3Body());
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.EVT3);
        EventBatch e = read(p);
        assertThat(e.size()).isEqualTo(2);
        assertThat(e.t()[0]).isEqualTo(37L << 12 | 5);
    }

    @Test
    void gen3Evt2HeaderIsDetected() throws Exception {
        String h = "% Date 2020-09-03 14:39:58\n% evt 2.0\n% firmware_version 3.4.0\n% integrator_name Prophesee\n"
                + "% plugin_name hal_plugin_gen31_fx3\n% serial_number 00001234\n% subsystem_ID 0\n% system_ID 28\n% end\n";
        Path p = file("gen3.raw", h, new byte[] {0, 0, 0, (byte) 0x80});
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.EVT2);
    }

    @Test
    void crlfHeader() throws Exception {
        Path p = file("crlf.raw", EVK4.replace("\n", "\r\n"), evt3Body());
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.EVT3);
        assertThat(read(p).size()).isEqualTo(2);
    }

    /**
     * An older file whose header has no '% end': OpenEB's GenericHeader::parse_header takes a line as
     * a header line only when it starts with "% " (percent, space), so the data begins at the byte
     * 0x25 0x80 (TIME_HIGH 37). Two events as OpenEB reads them.
     */
    @Test
    void headerWithoutEndAndFirstDataByteAPercent() throws Exception {
        Path p = file("old.raw", "% evt 3.0\n% format EVT3;height=720;width=1280\n", evt3Body());
        assertThat(FormatDetector.detect(p)).isEqualTo(EventFormat.EVT3);
        EventBatch e = read(p);
        assertThat(e.size()).as("events").isEqualTo(2);
        assertThat(e.t()[0]).isEqualTo(37L << 12 | 5);
    }

    /**
     * As above, with the newline byte 0x0A as the high byte of an ADDR_Y word (row 519): taking the
     * first data bytes as a header line would lose them without an error (an event at time 0 on row
     * 0), where OpenEB gives (37 << 12 | 5, 7, 519).
     */
    @Test
    void headerWithoutEndSilentlyLosesTheFirstWords() throws Exception {
        byte[] b = PropheseeReferenceDecoderTest.littleEndian(new short[] {(short) 0x8025, 0x6005, 0x0A07, 0x2007});
        Path p = file("old2.raw", "% evt 3.0\n% format EVT3;height=720;width=1280\n", b);
        EventBatch e = read(p);
        assertThat(e.size()).isEqualTo(1);
        assertThat(new long[] {e.t()[0], e.x()[0], e.y()[0]}).containsExactly(37L << 12 | 5, 7, 519);
    }
}
