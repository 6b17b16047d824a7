package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.file.Path;
import org.leinao.events.EventBatch;
import org.leinao.events.format.EventFormat;

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
 *     high that falls by 2048 or more (half its range) means the 24-bit counter wrapped: 2<sup>24</sup> µs
 *     is added, as OpenEB counts it; a smaller fall is a step back in time</li>
 * <li>{@code 0x7} CONTINUED_4, {@code 0xA} EXT_TRIGGER, {@code 0xE} OTHERS, {@code 0xF} CONTINUED_12:
 *     skipped and counted</li>
 * </ul>
 *
 * <p>Every word type is a self-contained state update (Prophesee, "EVT 3.0 format", Metavision SDK
 * documentation), which is what lets a second thread start decoding in the middle of the file.
 * With {@code threads >= 2} (the default on a machine with two or more cores) and a file of at
 * least 2 MiB, the reader decodes on two threads: its caller's, which decodes 512 KiB chunks
 * straight into the batch, and one worker that decodes the chunks in between (64 KiB to 2 MiB,
 * sized so that both threads stay busy) ahead into a fixed pool of blocks ({@code ParallelDecoder};
 * about 10 MB whatever the file size). Events, batch sizes and every error (message and byte offset)
 * are those of the single-threaded decoder; only {@link #skippedRecords()} may lag by up to one
 * block while the file is being read (it is exact at the end). {@link #forEachBatch} is the faster
 * way to stream the file: it lends the batches the worker decoded into, without copying them (the
 * same events and errors; batches end where the worker's blocks end). {@link #close()} ends the
 * worker thread.
 */
public final class Evt3Reader extends RawReader {

    private static final int MIN_ROOM = Evt3Kernel.MIN_ROOM;

    /** Opens {@code file} and reads its header; decodes on two threads when the machine has two cores. */
    public Evt3Reader(Path file) throws IOException {
        this(file, defaultThreads());
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
        super(EventFormat.EVT3, file, threads, callerChunk, s -> s.isKnown() ? s.toString() : "16-bit range",
                Evt3Kernel::new);
    }

    @Override
    protected int room(EventBatch batch) {
        if (batch.capacity() < MIN_ROOM) {
            throw new IllegalArgumentException("EVT 3.0 needs batches of at least " + MIN_ROOM + " events");
        }
        return batch.capacity() - MIN_ROOM + 1;
    }
}
