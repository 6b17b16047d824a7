package org.leinao.events.format;

import java.io.IOException;
import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.io.EventFormatException;

/**
 * Streams the polarity events of one file in time order, a bounded batch at a time.
 *
 * <pre>{@code
 * try (EventReader r = EventFiles.open(path)) {
 *     EventBatch b = new EventBatch(65_536);
 *     while (r.read(b) > 0) {
 *         long[] t = b.t(); short[] x = b.x(); short[] y = b.y(); byte[] p = b.p();
 *         for (int i = 0; i < b.size(); i++) { ... }
 *     }
 * }
 * }</pre>
 */
public interface EventReader extends AutoCloseable {

    /** The format being read. */
    EventFormat format();

    /**
     * Sensor size declared by the file, or {@link SensorSize#UNKNOWN} when the format has no such
     * field (then events are not range-checked).
     */
    SensorSize sensor();

    /**
     * Clears {@code batch} and fills it with up to {@link EventBatch#capacity()} next events; never
     * grows the batch.
     *
     * @return the number of events read; 0 only at the end of the file
     * @throws EventFormatException when the file is malformed
     */
    int read(EventBatch batch) throws IOException;

    /** Number of non-polarity records (IMU, frames, triggers, APS, ...) skipped so far. */
    default long skippedRecords() {
        return 0;
    }

    /** Descriptions of the streams in the file (AEDAT 4.0 lists several); one entry by default. */
    default List<String> streams() {
        return List.of("events");
    }

    @Override
    void close() throws IOException;

    /**
     * Reads everything that is left into one in-memory recording.
     *
     * @param maxEvents refuse (with an {@link EventFormatException}) files with more events than
     *                  this, so that a huge file gives an error instead of an out-of-memory crash
     */
    default EventRecording readAll(long maxEvents) throws IOException {
        EventBatch all = new EventBatch(1024);
        EventBatch b = new EventBatch(65_536);
        while (read(b) > 0) {
            if (all.size() + (long) b.size() > maxEvents) {
                throw new EventFormatException(null, -1, "more than " + maxEvents
                        + " events; stream the file instead of loading it whole");
            }
            all.addAll(b);
        }
        return new EventRecording(sensor(), all);
    }
}
