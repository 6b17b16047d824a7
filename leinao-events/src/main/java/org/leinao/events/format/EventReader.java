package org.leinao.events.format;

import java.io.IOException;
import java.util.List;
import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.io.EventFormatException;

/**
 * Streams the polarity events of one file in time order, a bounded batch at a time, in one of two
 * ways. {@link #read(EventBatch)} fills a batch the caller owns:
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
 *
 * <p>{@link #forEachBatch} lends batches the reader owns, each valid while the action runs; a reader
 * that decodes on several threads hands over the batches its threads decoded into as they are,
 * without copying them, which makes it the faster way to stream a whole file:
 *
 * <pre>{@code
 * try (EventReader r = EventFiles.open(path)) {
 *     r.forEachBatch(b -> {
 *         long[] t = b.t(); short[] x = b.x(); short[] y = b.y(); byte[] p = b.p();
 *         for (int i = 0; i < b.size(); i++) { ... }
 *     });
 * }
 * }</pre>
 *
 * Both give the same events in the same order; where one batch ends and the next begins may differ
 * between them.
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

    /** The most events a batch lent by {@link #forEachBatch} holds. */
    int LENT_BATCH = 1 << 16;

    /** What {@link #forEachBatch} hands each batch to. */
    @FunctionalInterface
    interface BatchConsumer {
        /**
         * Takes one batch of events, valid until this method returns.
         *
         * @throws IOException to stop the stream (it is rethrown by {@link #forEachBatch})
         */
        void accept(EventBatch batch) throws IOException;
    }

    /**
     * Streams every event that is left to {@code action}, a batch at a time, in file order, and
     * returns how many events it handed over.
     *
     * <p>The batches belong to the reader: one is valid only while {@code action} runs, after which
     * the reader decodes new events into its arrays. The action may read the events and change them
     * in place, but must not keep the batch (copy it, {@link EventBatch#copy()}, to keep events) nor
     * grow it. Batches are never empty and hold at most {@link #LENT_BATCH} events. The events are
     * those {@link #read(EventBatch)} gives, in the same order; where batches end may differ from
     * {@code read}'s (the two-thread EVT readers end them where their threads' blocks end), and
     * {@link #skippedRecords()} and {@link #streams()} are as {@code read} leaves them once the file
     * ends.
     *
     * <p>The default implementation calls {@link #read(EventBatch)} with a batch of {@link #LENT_BATCH}
     * events.
     *
     * @return the number of events handed to {@code action}
     * @throws EventFormatException when the file is malformed: after the events before the bad
     *                              record's batch, with the message and byte offset {@code read} gives
     */
    default long forEachBatch(BatchConsumer action) throws IOException {
        return BatchLoop.drain(this, new EventBatch(LENT_BATCH), action);
    }

    /** Number of non-polarity records (IMU, frames, triggers, APS, ...) skipped so far. */
    default long skippedRecords() {
        return 0;
    }

    /**
     * When the recording was made, in ms since 1970, as the file's header states it; empty when the
     * format or the file states none. AEDAT 2.0 (jAER) headers do, in {@code # Creation time:
     * System.currentTimeMillis() N}, the start time Tonic's {@code read_aedat_header_from_file}
     * returns; their event times count from the camera's own zero, not from it.
     */
    default java.util.OptionalLong createdMillis() {
        return java.util.OptionalLong.empty();
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
        forEachBatch(b -> {
            if (all.size() + (long) b.size() > maxEvents) {
                throw new EventFormatException(null, -1, "more than " + maxEvents
                        + " events; stream the file instead of loading it whole");
            }
            all.addAll(b);
        });
        return new EventRecording(sensor(), all);
    }
}
