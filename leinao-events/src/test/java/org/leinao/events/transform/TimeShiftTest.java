package org.leinao.events.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.Fixtures;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.EventWriter;

/**
 * {@link TimeShift}: camera-clock recordings converted to every writable format, the errors of a
 * shift that makes a time negative, and EVT 3.0's refusal to pad a camera-clock time from 0.
 */
class TimeShiftTest {

    @TempDir
    Path dir;

    /**
     * sample.aedat4's times count µs since 1970 (first 1,605,537,493,718,345); streamed through the
     * shift into each format and read back, every event keeps x, y, p and has time t - t(first).
     * N-MNIST holds x, y below 256 and no y = 240, so it gets the events that fit.
     */
    @ParameterizedTest
    @MethodSource("org.leinao.events.format.RoundTripTest#writable")
    void cameraClockSampleConvertsToEveryWritableFormatWithTheShift(EventFormat format) throws Exception {
        Path in = Fixtures.file("sample.aedat4");
        EventRecording original;
        try (EventReader r = EventFiles.open(in)) {
            original = r.readAll(1_000_000);
        }
        EventBatch expected = original.events();
        if (format == EventFormat.NMNIST) {
            expected = new EventBatch(0);
            EventBatch all = original.events();
            for (int i = 0; i < all.size(); i++) {
                if (all.x()[i] < 256 && all.y()[i] < 240) {
                    expected.add(all.t()[i], all.x()[i], all.y()[i], all.p()[i]);
                }
            }
        }
        long first = expected.t()[0];
        assertThat(first).isGreaterThan(1L << 50);
        Path out = dir.resolve("shifted." + format.extension());
        try (EventWriter w = TimeShift.first().wrap(EventFiles.create(out, format, original.sensor(), null))) {
            if (format == EventFormat.NMNIST) {
                w.write(expected);
            } else {
                try (EventReader r = EventFiles.open(in)) {
                    r.forEachBatch(w::write);
                }
            }
        }
        EventBatch back;
        try (EventReader r = EventFiles.open(out, format, null)) {
            back = r.readAll(1_000_000).events();
        }
        assertThat(back.size()).isEqualTo(expected.size()).isGreaterThan(100_000);
        for (int i = 0; i < back.size(); i++) {
            if (back.t()[i] != expected.t()[i] - first || back.x()[i] != expected.x()[i]
                    || back.y()[i] != expected.y()[i] || back.p()[i] != expected.p()[i]) {
                throw new AssertionError(format + ": event " + i + " read back as " + back.t()[i] + "," + back.x()[i]
                        + "," + back.y()[i] + "," + back.p()[i] + ", expected " + (expected.t()[i] - first) + ","
                        + expected.x()[i] + "," + expected.y()[i] + "," + expected.p()[i]);
            }
        }
        // the shift costs nothing in size: EVT 3.0 was 383 MB of TIME_HIGH padding before it was refused
        assertThat(Files.size(out)).isLessThan(3_000_000);
    }

    @Test
    void aGivenOffsetIsSubtractedAndTheCallersBatchIsLeftAlone() throws Exception {
        EventBatch b = batch(1_000, 1_500, 2_000);
        EventBatch seen = new EventBatch(0);
        try (EventWriter w = TimeShift.by(1_000).wrap(collecting(seen))) {
            w.write(b);
            w.write(batch(2_500));
        }
        assertThat(java.util.Arrays.copyOf(seen.t(), seen.size())).containsExactly(0, 500, 1_000, 1_500);
        assertThat(java.util.Arrays.copyOf(b.t(), 3)).containsExactly(1_000, 1_500, 2_000);
        EventRecording r = TimeShift.first().apply(new EventRecording(SensorSize.UNKNOWN, batch(7, 9)));
        assertThat(java.util.Arrays.copyOf(r.events().t(), 2)).containsExactly(0, 2);
    }

    /**
     * On a recording in memory, {@code first()} is Tonic's TimeAlignment: the smallest time goes to
     * 0, also when it is not the first event's (events out of time order, as after a merge).
     */
    @Test
    void firstOnARecordingSubtractsTheSmallestTime() {
        EventRecording r = TimeShift.first().apply(new EventRecording(SensorSize.UNKNOWN, batch(900, 400, 650)));
        assertThat(java.util.Arrays.copyOf(r.events().t(), 3)).containsExactly(500, 0, 250);
    }

    /** A negative result names the event by its place in the stream, not in its batch. */
    @Test
    void aTimeThatWouldBecomeNegativeIsAnErrorNamingTheEvent() throws Exception {
        try (EventWriter w = TimeShift.by(800).wrap(collecting(new EventBatch(0)))) {
            w.write(batch(900, 1_000));
            assertThatThrownBy(() -> w.write(batch(1_100, 700)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("event 3: time 700 µs minus the time shift of 800 µs is -100 µs; shifted times must be"
                            + " non-negative (shift by at most the earliest time)");
        }
        try (EventWriter w = TimeShift.first().wrap(collecting(new EventBatch(0)))) {
            w.write(batch(500));
            assertThatThrownBy(() -> w.write(batch(499)))
                    .hasMessage("event 1: time 499 µs comes before the first event's 500 µs, the origin of the time"
                            + " shift; shifted times must be non-negative (the events are not in time order: give"
                            + " the shift as the earliest time instead)");
        }
        assertThatThrownBy(() -> TimeShift.by(Long.MIN_VALUE).apply(
                new EventRecording(SensorSize.UNKNOWN, batch(5)))).hasMessageContaining("beyond the range");
    }

    /**
     * From 0, a camera-clock time crosses 95,697,491 turns of EVT 3.0's 24-bit counter, a TIME_HIGH
     * pair each (383 MB); the writer refuses more than 2^20 turns in one step, pointing to the shift.
     */
    @Test
    void evt3RefusesPaddingACameraClockTimeFromZero() throws Exception {
        Path f = dir.resolve("clock.raw");
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT3, new SensorSize(320, 240), null)) {
            assertThatThrownBy(() -> w.write(batch(1_605_537_493_718_345L)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("event 0: time 1605537493718345 µs is 95697491 turns of the 24-bit time"
                            + " counter after 0; EVT 3.0 would need a TIME_HIGH pair per turn (382 MB)")
                    .hasMessageContaining("--time-shift first");
        }
        assertThat(Files.size(f)).isLessThan(1_000);
        // the limit itself (2^20 turns, at most 4 MiB) is written and read back; one more turn in a gap is not
        long limit = (1L << 44) + 77;
        Path g = dir.resolve("limit.raw");
        try (EventWriter w = EventFiles.create(g, EventFormat.EVT3, new SensorSize(320, 240), null)) {
            w.write(batch(3, limit));
            assertThatThrownBy(() -> w.write(batch(limit + (1L << 44) + (1L << 24))))
                    .hasMessageStartingWith("event 2: time " + (limit + (1L << 44) + (1L << 24)) + " µs is 1048577 turns"
                            + " of the 24-bit time counter after the previous event's " + limit + " µs")
                    .hasMessageNotContaining("--time-shift");
        }
        assertThat(Files.size(g)).isLessThanOrEqualTo((4L << 20) + 1_000);
        try (EventReader r = EventFiles.open(g)) {
            EventBatch back = r.readAll(10).events();
            assertThat(java.util.Arrays.copyOf(back.t(), back.size())).containsExactly(3, limit);
        }
    }

    /** The other writers that count time from 0 point to the shift too. */
    @ParameterizedTest
    @MethodSource("fromZero")
    void writersThatCannotHoldCameraClockTimesPointToTheShift(EventFormat format) throws Exception {
        try (EventWriter w = EventFiles.create(dir.resolve("c." + format.extension()), format,
                new SensorSize(34, 34), null)) {
            assertThatThrownBy(() -> w.write(batch(1_605_537_493_718_345L)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("event 0: time 1605537493718345 µs")
                    .hasMessageContaining("shift the times first (option --time-shift first of leinao events convert"
                            + " and slice; org.leinao.events.transform.TimeShift in Java)");
        }
    }

    static EventFormat[] fromZero() {
        return new EventFormat[] {EventFormat.DAT, EventFormat.EVT2, EventFormat.AEDAT2, EventFormat.NMNIST};
    }

    private static EventBatch batch(long... times) {
        EventBatch b = new EventBatch(times.length);
        for (int i = 0; i < times.length; i++) {
            b.add(times[i], 1 + i, 2, i & 1);
        }
        return b;
    }

    private static EventWriter collecting(EventBatch into) {
        return new EventWriter() {
            @Override
            public void write(EventBatch batch) {
                into.addAll(batch);
            }

            @Override
            public void close() {
            }
        };
    }
}
