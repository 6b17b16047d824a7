package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.io.EventFormatException;

/**
 * Audit: an empty file was reported as "Prophesee EVT 2.0, 0 events", and a {@code .raw} file without a
 * {@code % evt} header was decoded as EVT 2.0 because of its extension, while the encoding is detected
 * by the header (Metavision's RAW files always name it: {@code % evt 3.0} or {@code % format EVT3;…}).
 */
class DetectionTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyFileIsRefusedWhateverItsExtension() throws Exception {
        for (String name : new String[] {"empty.raw", "empty.bin", "empty.dat", "empty.evt3"}) {
            Path f = Files.createFile(dir.resolve(name));
            assertThatThrownBy(() -> FormatDetector.detect(f)).isInstanceOf(EventFormatException.class)
                    .hasMessage(f + ": at byte 0: empty file (0 bytes), expected an event file");
        }
    }

    /** The words of an EVT 3.0 file without its header lines. */
    private byte[] headerlessEvt3() throws Exception {
        Path f = dir.resolve("with-header.raw");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 100; i++) {
            b.add(i * 10L, i % 32, i % 16, i % 2);
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT3, new SensorSize(32, 16), null)) {
            w.write(b);
        }
        byte[] all = Files.readAllBytes(f);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        return Arrays.copyOfRange(all, text.indexOf("% end\n") + 6, all.length);
    }

    @Test
    void aRawFileWithoutHeaderIsRefusedAndReadWhenTheEncodingIsNamed() throws Exception {
        Path f = dir.resolve("bare.raw");
        Files.write(f, headerlessEvt3());
        assertThatThrownBy(() -> FormatDetector.detect(f)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("at byte 0: no '%' header, so the RAW encoding is unknown")
                .hasMessageEndingWith("--from evt2 or --from evt3");
        try (EventReader r = EventFiles.open(f, EventFormat.EVT3, null)) {
            EventBatch b = r.readAll(1000).events();
            assertThat(b.size()).isEqualTo(100);
            assertThat(b.t()[99]).isEqualTo(990);
        }
    }

    @Test
    void aPercentHeaderWithoutEncodingIsNotTakenAsEvt2ForARawExtension() throws Exception {
        Path f = dir.resolve("old.raw");
        byte[] words = headerlessEvt3();
        byte[] head = "% geometry 32x16\n% end\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + words.length);
        System.arraycopy(words, 0, all, head.length, words.length);
        Files.write(f, all);
        assertThatThrownBy(() -> FormatDetector.detect(f)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("'%' header names no encoding");
    }
}
