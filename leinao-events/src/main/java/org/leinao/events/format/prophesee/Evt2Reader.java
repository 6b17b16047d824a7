package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.file.Path;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFormat;

/**
 * Reads Prophesee EVT 2.0 RAW: {@code %} header, then little-endian 32-bit words whose top nibble is
 * the type. {@code 0x0} CD_OFF / {@code 0x1} CD_ON: bits 27-22 time low (6 bits), 21-11 x, 10-0 y;
 * {@code 0x8} EVT_TIME_HIGH: bits 27-0 are time bits 33-6; {@code 0xA} EXT_TRIGGER, {@code 0xE}
 * OTHERS, {@code 0xF} CONTINUED are skipped and counted. Any other type is an error.
 *
 * <p>Every word is self-contained but for the time high (Prophesee, "EVT 2.0 format", Metavision SDK
 * documentation), so a second thread can decode from the middle of the file and have the time high
 * added when its events are handed over. With {@code threads >= 2} (the default on a machine with two
 * or more cores; see {@link #Evt2Reader(Path)} for when the vector decoder decodes) and a file of
 * at least 2 MiB, the reader decodes on two threads, as {@link Evt3Reader} does: events, batch sizes
 * (of {@link #read}; {@link #forEachBatch} lends the worker's blocks as they are) and errors are
 * those of the single-threaded decoder, {@link #skippedRecords()} may lag by up to one block until
 * the end, and {@link #close()} ends the worker thread.
 */
public final class Evt2Reader extends RawReader {

    /**
     * Opens {@code file} and reads its header. Decodes on two threads when the machine has two
     * cores, except that when the vector decoder decodes (the JVM has the {@code
     * jdk.incubator.vector} module and has decoded its first GiB: see {@code
     * RawKernel.vectorAfterBytes}) events taken with {@link #read} are decoded on one thread: one
     * thread then decodes faster than the worker's events can be copied into the caller's batches
     * (two threads 0.94 times as fast), while {@link #forEachBatch}, which lends the worker's
     * blocks as they are, is 1.54 times as fast on two (docs/events-throughput.md, fifteenth pass; the eighth
     * pass, before blocks were lent, had kept EVT 2.0 on one thread).
     */
    public Evt2Reader(Path file) throws IOException {
        this(file, defaultThreads(), CHUNK, RawKernel.vectorNow());
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @param threads 1 to decode on the caller's thread only; 2 or more to decode with one worker thread
     */
    public Evt2Reader(Path file, int threads) throws IOException {
        this(file, threads, CHUNK);
    }

    /** With the caller's chunk size given (tests use small ones): a multiple of 4, at most 1 MiB. */
    Evt2Reader(Path file, int threads, int callerChunk) throws IOException {
        this(file, threads, callerChunk, false);
    }

    /** And whether {@link #read} decodes on one thread whatever {@code threads} says (see {@link #Evt2Reader(Path)}). */
    Evt2Reader(Path file, int threads, int callerChunk, boolean oneThreadWhenCopying) throws IOException {
        super(EventFormat.EVT2, file, threads, callerChunk, oneThreadWhenCopying, SensorSize::toString, Evt2Kernel::new);
    }
}
