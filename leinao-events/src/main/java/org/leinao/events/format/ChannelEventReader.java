package org.leinao.events.format;

import java.io.IOException;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.EventFormatException;
import org.leinao.events.io.Recycler;

/**
 * The streaming skeleton shared by the readers of a {@link ChannelInput}: {@link #read} clears the
 * batch, then alternates {@link #refill} (make the next records available, or report the end) and
 * {@link #decode} (turn as many of them as fit into events) until the batch is full or the file ends.
 * A subclass keeps only its format: the record layout, the state carried between records (time
 * high bits, wrap-around, packet headers) and its checks.
 *
 * <p>{@code decode} is one virtual call per buffer fill or packet, never per event; its loop works
 * on the batch's primitive arrays and local copies of the state, and writes the state back before
 * it returns (or throws).
 */
public abstract class ChannelEventReader implements EventReader {

    /** Coordinate limit when the format declares no sensor: beyond every 16-bit coordinate. */
    protected static final int NO_LIMIT = 65_536;

    /** The file. */
    protected final ChannelInput in;
    private final EventFormat format;
    private final SensorSize sensor;
    /** Non-polarity records skipped so far; what counts is up to the format. */
    protected long skipped;
    /** The batch {@link #forEachBatch} lends, made at its first call. */
    private EventBatch lent;

    /**
     * Reads {@code format} from {@code in}, taking ownership of it: {@link #close()} closes it.
     *
     * @param sensor the sensor declared by the header, {@link SensorSize#UNKNOWN} when there is none
     */
    protected ChannelEventReader(EventFormat format, ChannelInput in, SensorSize sensor) {
        this.format = format;
        this.in = in;
        this.sensor = sensor;
    }

    /**
     * Reads the header of a just-opened {@code in} with {@code parser}, closing {@code in} when that
     * fails; for a constructor to call before {@code super(...)}.
     */
    protected static <T> T parseHeader(ChannelInput in, HeaderParser<T> parser) throws IOException {
        try {
            return parser.parse(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** What a subclass constructor reads from the header. */
    @FunctionalInterface
    protected interface HeaderParser<T> {
        /** Reads the header from {@code in}, positioned at its start. */
        T parse(ChannelInput in) throws IOException;
    }

    @Override
    public final EventFormat format() {
        return format;
    }

    @Override
    public final SensorSize sensor() {
        return sensor;
    }

    @Override
    public final int read(EventBatch batch) throws IOException {
        batch.clear();
        int room = room(batch);
        int w = sensor.isKnown() ? sensor.width() : NO_LIMIT;
        int h = sensor.isKnown() ? sensor.height() : NO_LIMIT;
        long[] t = batch.t();
        short[] x = batch.x();
        short[] y = batch.y();
        byte[] p = batch.p();
        int n = 0;
        while (n < room && refill()) {
            n = decode(t, x, y, p, n, room, w, h);
            if (stoppedShort()) {
                break;
            }
        }
        batch.setSize(n);
        return n;
    }

    /**
     * {@link EventReader#forEachBatch}: {@link #read} into one batch of {@link #LENT_BATCH} events
     * that this reader keeps for its later calls.
     */
    @Override
    public long forEachBatch(BatchConsumer action) throws IOException {
        EventBatch b = lent;
        if (b == null) {
            b = Recycler.batch(LENT_BATCH);
            lent = b;
        }
        return BatchLoop.drain(this, b, action);
    }

    /**
     * Whether the last {@link #decode} ended the batch short of its room, as a reader may while it
     * lends its batches ({@link #forEachBatch}): {@link #read} then returns the batch as it is. False
     * by default.
     */
    protected boolean stoppedShort() {
        return false;
    }

    /**
     * How many events {@link #read} may fill: {@link #decode} is called only while fewer are stored.
     * The capacity by default; a format whose records yield several events lowers it.
     */
    protected int room(EventBatch batch) {
        return batch.capacity();
    }

    /**
     * Makes the next records available for {@link #decode} (usually in {@code in.buffer()}).
     *
     * @return false at a clean end of the data
     * @throws EventFormatException when the data ends inside a record
     */
    protected abstract boolean refill() throws IOException;

    /**
     * Decodes available records into events {@code n, n+1, ...} while fewer than {@code room} are
     * stored, and moves past what it consumed.
     *
     * @param w sensor width to check x against ({@link #NO_LIMIT} when the sensor is unknown)
     * @param h sensor height to check y against ({@link #NO_LIMIT} when the sensor is unknown)
     * @return the new number of events stored
     */
    protected abstract int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h)
            throws IOException;

    /**
     * {@link #refill} for fixed-size records in {@code in.buffer()}: requests {@code bytes} bytes.
     *
     * @param record what a record is, for the message ({@code "an event"})
     * @return false at the end of the file
     * @throws EventFormatException when the file ends inside a record
     */
    protected final boolean request(int bytes, String record) throws IOException {
        if (in.request(bytes)) {
            return true;
        }
        if (in.buffer().hasRemaining()) {
            throw in.error(in.offset(), "file ends inside " + record + " (" + in.buffer().remaining() + " of "
                    + bytes + " bytes)");
        }
        return false;
    }

    /** File offset of buffer index {@code pos} of {@code in.buffer()}. */
    protected final long offsetOf(int pos) {
        return in.offset() + (pos - in.buffer().position());
    }

    /** The error for an event at file offset {@code at} outside the declared sensor. */
    protected EventFormatException outside(long at, int xx, int yy) {
        return in.error(at, "event (" + xx + ", " + yy + ") outside the declared sensor " + sensor);
    }

    @Override
    public long skippedRecords() {
        return skipped;
    }

    /** Closes the file; the read buffer and the batch {@link #forEachBatch} lent go back to the {@link Recycler}. */
    @Override
    public void close() throws IOException {
        EventBatch b = lent;
        lent = null;
        try {
            in.close();
        } finally {
            if (b != null) {
                Recycler.giveBack(b);
            }
        }
    }
}
