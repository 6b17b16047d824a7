package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;
import org.leinao.events.transform.Slicer;

/**
 * {@code leinao events slice FILE --slices 2000000000} ran out of memory with a raw JVM message
 * (two billion ranges were allocated before the first file was written). It is now a one-line user
 * error naming the option and the limit, and so are windows and counts that would give too many slices.
 */
class EventsSliceLimitTest extends EventsCliTest {

    @Test
    void twoBillionSlicesIsAUserError() throws Exception {
        Path o = dir.resolve("slices");
        assertThat(run("events", "slice", sample(i -> i % 2).toString(), "--out", o.toString(), "--slices", "2000000000"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("leinao: --slices 2000000000: expected 1.." + Slicer.MAX_SLICES
                + " (one output file per slice)");
        assertThat(o).doesNotExist();
    }

    @Test
    void tinyWindowOnALongRecordingIsAUserError() throws Exception {
        // 2000 events 1 s apart: 1 ms windows would be about 2,000,000 slices
        Path f = dir.resolve("long.raw");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 2000; i++) {
            b.add(i * 1_000_000L, i % 64, 0, 1); // 2000 s
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT3, new SensorSize(64, 48), null)) {
            w.write(b);
        }
        assertThat(run("events", "slice", f.toString(), "--out", dir.resolve("s").toString(), "--window", "1ms"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("leinao: --window 1ms: ").contains("more than the limit of "
                + Slicer.MAX_SLICES).doesNotContain("\n");
    }

    @Test
    void aSliceCountWithinTheLimitStillWorks() throws Exception {
        Path o = dir.resolve("ok");
        assertThat(run("events", "slice", sample(i -> i % 2).toString(), "--out", o.toString(), "--slices", "3")).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("wrote 3 slices");
    }
}
