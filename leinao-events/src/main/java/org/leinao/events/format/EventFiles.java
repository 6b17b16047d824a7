package org.leinao.events.format;

import java.io.IOException;
import java.nio.file.Path;
import org.leinao.events.SensorSize;
import org.leinao.events.format.aedat.Aedat2Reader;
import org.leinao.events.format.aedat.Aedat2Writer;
import org.leinao.events.format.aedat.Aedat3Reader;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.format.aedat.Aedat4Reader;
import org.leinao.events.format.aedat.Aedat4Writer;
import org.leinao.events.format.nmnist.NmnistReader;
import org.leinao.events.format.nmnist.NmnistWriter;
import org.leinao.events.format.npy.NpyReader;
import org.leinao.events.format.npy.NpyWriter;
import org.leinao.events.format.prophesee.DatReader;
import org.leinao.events.format.prophesee.DatWriter;
import org.leinao.events.format.prophesee.Evt2Reader;
import org.leinao.events.format.prophesee.Evt2Writer;
import org.leinao.events.format.prophesee.Evt3Reader;
import org.leinao.events.format.prophesee.Evt3Writer;

/** Opens readers and creates writers by format. */
public final class EventFiles {

    private EventFiles() {
    }

    /** Opens {@code file}, detecting its format from its content. */
    public static EventReader open(Path file) throws IOException {
        return open(file, FormatDetector.detect(file), null);
    }

    /**
     * Opens {@code file} as {@code format}.
     *
     * @param sensor overrides the sensor size for formats that do not record one (N-MNIST binary, NPY,
     *               DAT/RAW without geometry); null keeps what the file says
     */
    public static EventReader open(Path file, EventFormat format, SensorSize sensor) throws IOException {
        EventReader r = switch (format) {
            case AEDAT2 -> new Aedat2Reader(file);
            case AEDAT3 -> new Aedat3Reader(file);
            case AEDAT4 -> new Aedat4Reader(file);
            case DAT -> new DatReader(file);
            case EVT2 -> new Evt2Reader(file);
            case EVT3 -> new Evt3Reader(file);
            case NMNIST -> new NmnistReader(file, sensor == null ? SensorSize.UNKNOWN : sensor);
            case NPY -> new NpyReader(file);
        };
        if (sensor != null && !r.sensor().isKnown() && sensor.isKnown() && format != EventFormat.NMNIST) {
            return new SensorOverride(r, sensor);
        }
        return r;
    }

    /**
     * Creates a writer.
     *
     * @param sensor      sensor size to declare (AEDAT 4.0 requires a known size)
     * @param compression AEDAT 4.0 packet compression; ignored by other formats (null = LZ4)
     */
    public static EventWriter create(Path file, EventFormat format, SensorSize sensor, Aedat4Compression compression)
            throws IOException {
        return switch (format) {
            case AEDAT2 -> new Aedat2Writer(file, sensor);
            case AEDAT4 -> {
                if (!sensor.isKnown()) {
                    throw new IllegalArgumentException("AEDAT 4.0 needs a sensor size; pass one (e.g. --sensor 346x260)");
                }
                yield new Aedat4Writer(file, sensor, compression == null ? Aedat4Compression.LZ4 : compression);
            }
            case DAT -> new DatWriter(file, sensor);
            case EVT2 -> new Evt2Writer(file, sensor);
            case EVT3 -> new Evt3Writer(file, sensor);
            case NMNIST -> new NmnistWriter(file);
            case NPY -> new NpyWriter(file);
            case AEDAT3 -> throw new IllegalArgumentException("writing " + format.title() + " is not supported");
        };
    }

    /** Reports a caller-given sensor size for a file that records none. */
    private record SensorOverride(EventReader inner, SensorSize sensor) implements EventReader {
        @Override
        public EventFormat format() {
            return inner.format();
        }

        @Override
        public int read(org.leinao.events.EventBatch batch) throws IOException {
            return inner.read(batch);
        }

        @Override
        public long forEachBatch(BatchConsumer action) throws IOException {
            return inner.forEachBatch(action);
        }

        @Override
        public long skippedRecords() {
            return inner.skippedRecords();
        }

        @Override
        public java.util.List<String> streams() {
            return inner.streams();
        }

        @Override
        public java.util.OptionalLong createdMillis() {
            return inner.createdMillis();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
