package org.leinao.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;

/**
 * The streaming requirement: a generated EVT 2.0 file larger than 1 GB goes through the
 * {@code info} code path ({@link EventStats#main}) in a separate JVM limited to {@code -Xmx256m}.
 * Long (a minute or two), so tagged validation.
 */
@Tag("validation")
class BoundedMemoryTest {

    @TempDir
    Path dir;

    @Test
    void gigabyteFileStreamsThroughInfoIn256MegabyteHeap() throws Exception {
        Path f = dir.resolve("big.raw");
        long events = 0;
        EventBatch b = new EventBatch(1 << 16);
        long t = 0;
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT2, new SensorSize(1280, 720), null)) {
            int k = 0;
            while (Files.size(f) < 1_100_000_000L || events == 0) {
                b.clear();
                for (int i = 0; i < b.capacity(); i++) {
                    b.add(t++, k % 1280, (k / 1280) % 720, k & 1);
                    k += 7;
                }
                w.write(b);
                events += b.size();
            }
        }
        assertThat(Files.size(f)).isGreaterThan(1_000_000_000L);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", cp.replace(File.pathSeparatorChar, File.pathSeparatorChar),
                EventStats.class.getName(), f.toString())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        // Evt2Writer flushes through its own buffer, so the count is exact whatever the file size.
        assertThat(output).contains("events:      " + events);
    }
}
