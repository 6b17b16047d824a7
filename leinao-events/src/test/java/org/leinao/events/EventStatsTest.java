package org.leinao.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;

/** {@link EventStats}: the duration is the span of the times, also when they go back. */
class EventStatsTest {

    @TempDir
    Path dir;

    private Path npy(long... times) throws Exception {
        Path f = dir.resolve("t.npy");
        EventBatch b = new EventBatch(times.length);
        for (int i = 0; i < times.length; i++) {
            b.add(times[i], i % 1000, 0, i & 1);
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.NPY, SensorSize.UNKNOWN, null)) {
            w.write(b);
        }
        return f;
    }

    /** First 300, last 200, earliest 100, latest 700: the span is 600 µs (last - first would be -100). */
    @Test
    void durationIsTheSpanWhenTimesGoBack() throws Exception {
        Path f = npy(300, 100, 700, 650, 200);
        EventStats s = EventStats.of(f);
        assertThat(s.firstT()).isEqualTo(300);
        assertThat(s.lastT()).isEqualTo(200);
        assertThat(s.minT()).isEqualTo(100);
        assertThat(s.maxT()).isEqualTo(700);
        assertThat(s.duration()).isEqualTo(600);
        assertThat(s.rate()).isEqualTo(5 * 1e6 / 600);
        assertThat(s.backwards()).isEqualTo(3);
        assertThat(s.report(f)).contains("duration:    0.000600 s (t 100 .. 700 us, earliest .. latest; first 300,"
                + " last 200 us)\n").contains("warning:     3 events go back in time");
    }

    /** The extremes may sit in any batch and anywhere in it (the reader lends batches of 65,536). */
    @Test
    void extremesAcrossBatches() throws Exception {
        long[] t = new long[200_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_000 + i;
        }
        t[70_000] = 5;          // earliest, inside the second batch
        t[140_000] = 900_000;   // latest, inside the third, followed by smaller times
        EventStats s = EventStats.of(npy(t));
        assertThat(s.minT()).isEqualTo(5);
        assertThat(s.maxT()).isEqualTo(900_000);
        assertThat(s.duration()).isEqualTo(900_000 - 5);
        assertThat(s.backwards()).isEqualTo(2);
    }

    @Test
    void inTimeOrderTheReportIsUnchanged() throws Exception {
        Path f = npy(10, 20, 20, 50);
        EventStats s = EventStats.of(f);
        assertThat(s.duration()).isEqualTo(40);
        assertThat(s.report(f)).contains("duration:    0.000040 s (t 10 .. 50 us)\n").doesNotContain("warning");
    }
}
