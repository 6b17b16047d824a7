package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;

/**
 * Reads Prophesee EVT 3.0 RAW: {@code %} header, then little-endian 16-bit words, type in bits 15-12,
 * decoded as a state machine:
 * <ul>
 * <li>{@code 0x0} EVT_ADDR_Y: y = bits 10-0 (bit 11 = system type, ignored)</li>
 * <li>{@code 0x2} EVT_ADDR_X: one event at x = bits 10-0, polarity bit 11</li>
 * <li>{@code 0x3} VECT_BASE_X: base x = bits 10-0, polarity bit 11</li>
 * <li>{@code 0x4} VECT_12 / {@code 0x5} VECT_8: one event at base x + i for each set bit i of the
 *     12- / 8-bit mask, then base x advances by 12 / 8</li>
 * <li>{@code 0x6} EVT_TIME_LOW: time bits 11-0; {@code 0x8} EVT_TIME_HIGH: time bits 23-12. A time
 *     high smaller than the previous one means the 24-bit counter wrapped: 2<sup>24</sup> µs is added</li>
 * <li>{@code 0x7} CONTINUED_4, {@code 0xA} EXT_TRIGGER, {@code 0xE} OTHERS, {@code 0xF} CONTINUED_12:
 *     skipped and counted</li>
 * </ul>
 *
 * <p>Every word type is a self-contained state update (Prophesee, "EVT 3.0 format", Metavision SDK
 * documentation), which is what lets a second thread start decoding in the middle of the file.
 * With {@code threads >= 2} (the default on a machine with two or more cores) and a file of at
 * least 512 KiB, the reader decodes on two threads: its caller's, which decodes 128 KiB chunks
 * straight into the batch, and one worker that decodes the chunks in between (32 KiB to 1 MiB,
 * sized so that both threads stay busy) ahead into a fixed pool of blocks ({@code ParallelDecoder};
 * about 6 MB whatever the file size). Events, batch sizes and every error (message and byte offset)
 * are those of the single-threaded decoder; only {@link #skippedRecords()} may lag by up to one
 * block while the file is being read (it is exact at the end). {@link #close()} ends the worker
 * thread.
 */
public final class Evt3Reader extends ChannelEventReader {

    private static final int MIN_ROOM = Evt3Kernel.MIN_ROOM;
    private static final int CHUNK = 128 << 10;

    private final Evt3Kernel kernel;
    /** Null when decoding on the caller's thread only. */
    private final ParallelDecoder parallel;

    /** Opens {@code file} and reads its header; decodes on two threads when the machine has two cores. */
    public Evt3Reader(Path file) throws IOException {
        this(file, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @param threads 1 to decode on the caller's thread only; 2 or more to decode with one worker thread
     */
    public Evt3Reader(Path file, int threads) throws IOException {
        this(file, threads, CHUNK);
    }

    /** With the caller's chunk size given (tests use small ones): a multiple of 4, at most 1 MiB. */
    Evt3Reader(Path file, int threads, int callerChunk) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        super(EventFormat.EVT3, in, parseHeader(in, PropheseeHeader::readSensor));
        String text = sensor().isKnown() ? sensor().toString() : "16-bit range";
        kernel = new Evt3Kernel(file, text);
        int w = sensor().isKnown() ? sensor().width() : NO_LIMIT;
        int h = sensor().isKnown() ? sensor().height() : NO_LIMIT;
        parallel = threads > 1 && ParallelDecoder.worthIt(in.size() - in.offset(), callerChunk)
                ? new ParallelDecoder(this, file, in, kernel, () -> new Evt3Kernel(file, text), callerChunk, w, h)
                : null;
    }

    /** Threads decoding this file: 1, or 2 when a worker thread helps. */
    public int threads() {
        return parallel == null ? 1 : 2;
    }

    @Override
    protected int room(EventBatch batch) {
        if (batch.capacity() < MIN_ROOM) {
            throw new IllegalArgumentException("EVT 3.0 needs batches of at least " + MIN_ROOM + " events");
        }
        return batch.capacity() - MIN_ROOM + 1;
    }

    @Override
    protected boolean refill() throws IOException {
        return parallel == null ? request(2, "a 16-bit word") : parallel.refill(() -> request(2, "a 16-bit word"));
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        return parallel == null ? kernel.decodeBuffer(in, t, x, y, p, n, room, w, h) : parallel.decode(t, x, y, p, n, room);
    }

    @Override
    public long skippedRecords() {
        return kernel.skipped;
    }

    @Override
    public void close() throws IOException {
        if (parallel != null) {
            parallel.close();
        }
        super.close();
    }
}
