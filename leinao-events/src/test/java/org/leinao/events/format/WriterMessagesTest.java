package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;

/**
 * A writer names a bad event by its index among all the events it was given: {@code convert} hands
 * it batches of 65,536, and "event 1" of the fortieth batch is event 2,555,905 of the file.
 */
class WriterMessagesTest {

    @TempDir
    Path dir;

    private static EventBatch batch(long... times) {
        EventBatch b = new EventBatch(times.length);
        for (int i = 0; i < times.length; i++) {
            b.add(times[i], 1 + i, 2, 1);
        }
        return b;
    }

    /** Every writer that checks the time order; NPY stores any order. */
    @ParameterizedTest
    @EnumSource(value = EventFormat.class, names = {"AEDAT2", "AEDAT4", "DAT", "EVT2", "EVT3", "NMNIST"})
    void aBadEventIsNamedByItsPlaceInTheStream(EventFormat format) throws Exception {
        try (EventWriter w = EventFiles.create(dir.resolve("w." + format.extension()), format, new SensorSize(34, 34),
                null)) {
            w.write(batch(10, 20, 30));
            assertThatThrownBy(() -> w.write(batch(40, 5))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("event 4");
        }
    }

    /** The coordinate check too, after two batches. */
    @ParameterizedTest
    @EnumSource(value = EventFormat.class, names = {"AEDAT2", "AEDAT4", "DAT", "EVT2", "EVT3", "NMNIST"})
    void aCoordinateBeyondTheFormatIsNamedByItsPlaceInTheStream(EventFormat format) throws Exception {
        try (EventWriter w = EventFiles.create(dir.resolve("c." + format.extension()), format, new SensorSize(34, 34),
                null)) {
            w.write(batch(10, 20));
            w.write(batch(30));
            EventBatch bad = batch(40, 50);
            bad.x()[1] = 20_000;
            assertThatThrownBy(() -> w.write(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("event 4: (20000, 2)");
        }
    }
}
