package org.leinao.events.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.Synthetic;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.format.aedat.Aedat4Reader;

/** read(write(x)) == x for every format Leinao writes. */
class RoundTripTest {

    @TempDir
    Path dir;

    static EventFormat[] writable() {
        return java.util.Arrays.stream(EventFormat.values()).filter(EventFormat::writable).toArray(EventFormat[]::new);
    }

    @ParameterizedTest
    @MethodSource("writable")
    void roundTripsThroughEveryWritableFormat(EventFormat format) throws Exception {
        SensorSize sensor = format == EventFormat.NMNIST ? new SensorSize(34, 34) : new SensorSize(346, 260);
        // gaps up to 20 s cross EVT 3.0's 24-bit (16.8 s) counter and N-MNIST's 23-bit field
        EventBatch events = Synthetic.events(42 + format.ordinal(), 50_000, sensor.width(), sensor.height(), 20_000_000);
        EventBatch back = writeRead(format, sensor, events, null);
        assertThat(back.size()).isEqualTo(events.size());
        assertThat(back.contentEquals(events)).as("content of %s", format).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Aedat4Compression.class)
    void aedat4RoundTripsWithEveryCompression(Aedat4Compression c) throws Exception {
        SensorSize sensor = new SensorSize(640, 480);
        EventBatch events = Synthetic.events(7, 30_000, 640, 480, 1_000_000);
        assertThat(writeRead(EventFormat.AEDAT4, sensor, events, c).contentEquals(events)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("writable")
    void emptyFilesRoundTrip(EventFormat format) throws Exception {
        SensorSize sensor = new SensorSize(34, 34);
        assertThat(writeRead(format, sensor, new EventBatch(0), null).size()).isZero();
    }

    @org.junit.jupiter.api.Test
    void aedat4SeeksByTimeWithItsFileTable() throws Exception {
        SensorSize sensor = new SensorSize(128, 128);
        EventBatch events = Synthetic.events(3, 100_000, 128, 128, 0);
        Path f = dir.resolve("seek.aedat4");
        try (EventWriter w = EventFiles.create(f, EventFormat.AEDAT4, sensor, Aedat4Compression.ZSTD)) {
            w.write(events);
        }
        long target = events.t()[70_000];
        int first = 0;
        while (events.t()[first] < target) {
            first++;
        }
        try (Aedat4Reader r = new Aedat4Reader(f)) {
            assertThat(r.hasDataTable()).isTrue();
            r.seekTime(target);
            EventBatch b = new EventBatch(10);
            r.read(b);
            assertThat(b.t()[0]).isEqualTo(target);
            assertThat(b.x()[0]).isEqualTo(events.x()[first]);
            long rest = b.size();
            while (r.read(b) > 0) {
                rest += b.size();
            }
            assertThat(rest).isEqualTo(events.size() - first);
        }
    }

    private EventBatch writeRead(EventFormat format, SensorSize sensor, EventBatch events, Aedat4Compression c)
            throws Exception {
        Path f = dir.resolve("rt." + format.extension());
        try (EventWriter w = EventFiles.create(f, format, sensor, c)) {
            // in uneven pieces, so writers see batch boundaries anywhere
            int i = 0;
            int step = 1;
            while (i < events.size()) {
                int n = Math.min(step, events.size() - i);
                EventBatch part = new EventBatch(n);
                part.addRange(events, i, i + n);
                w.write(part);
                i += n;
                step = step * 3 + 1;
            }
        }
        assertThat(Files.size(f)).isGreaterThanOrEqualTo(format == EventFormat.NMNIST ? 0 : 1);
        if (format != EventFormat.NMNIST) {
            assertThat(FormatDetector.detect(f)).isEqualTo(format);
        }
        try (EventReader r = EventFiles.open(f, format, sensor)) {
            EventBatch all = new EventBatch(0);
            EventBatch b = new EventBatch(1000);
            while (r.read(b) > 0) {
                assertThat(b.size()).isLessThanOrEqualTo(1000);
                all.addAll(b);
            }
            return all;
        }
    }

    @org.junit.jupiter.api.Test
    void nmnistRefusesCameraClockTimesInsteadOfWritingATerabyte() throws Exception {
        // AEDAT 4.0 times count µs since 1970: from 0 they would need 2·10^11 overflow records.
        Path f = dir.resolve("clock.bin");
        EventBatch b = new EventBatch(1);
        b.add(1_605_537_493_718_345L, 3, 4, 1);
        try (EventWriter w = EventFiles.create(f, EventFormat.NMNIST, new SensorSize(34, 34), null)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(b))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("would need 195988463588 timestamp-overflow records")
                    .hasMessageContaining("shift the times first");
        }
        assertThat(Files.size(f)).isLessThan(1000);
        for (EventFormat format : new EventFormat[] {EventFormat.DAT, EventFormat.AEDAT2}) {
            Path g = dir.resolve("clock." + format.name());
            try (EventWriter w = EventFiles.create(g, format, new SensorSize(346, 260), null)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(b))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("event 0: time 1605537493718345 µs does not fit the first 32-bit"
                                + " timestamp");
            }
        }
    }
}
