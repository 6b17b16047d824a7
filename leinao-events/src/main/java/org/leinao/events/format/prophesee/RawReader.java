package org.leinao.events.format.prophesee;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.ChannelEventReader;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.Recycler;

/**
 * What the Prophesee RAW readers ({@link Evt2Reader}, {@link Evt3Reader}) share: the {@code %}
 * header, a decoder state machine ({@link RawKernel}) and, with {@code threads >= 2} and a file of at
 * least 2 MiB, a worker thread that decodes chunks ahead ({@link ParallelDecoder}). Events, batch
 * sizes ({@link #read}) and errors are those of the single-threaded decoder ({@link #forEachBatch}
 * lends the worker's blocks as they are: the same events, other batch ends); {@link #skippedRecords()} may lag by up
 * to one block until the end; {@link #close()} ends the worker thread.
 */
public abstract sealed class RawReader extends ChannelEventReader permits Evt2Reader, Evt3Reader {

    /** Bytes the caller's thread decodes per chunk when a worker helps. */
    static final int CHUNK = 512 << 10;

    private final RawKernel kernel;
    /** Events in the batch {@link #forEachBatch} decodes the caller's own chunks into, on two threads. */
    static final int OWN_BATCH = 16_384;
    /** That batch, made at the first call. */
    private EventBatch ownBatch;
    /**
     * Null when decoding on the caller's thread only, or before the first read decides
     * ({@link #decide}): whether a worker helps can depend on how the events are taken.
     */
    private ParallelDecoder parallel;
    private boolean decided;
    private final int threadsAsked;
    private final int callerChunk;
    /** Whether {@link #read} into the caller's batches (rather than {@link #forEachBatch}) decodes on one thread. */
    private final boolean oneThreadWhenCopying;
    private final Supplier<RawKernel> kernels;
    private final int wordBytes;
    /** The word, as end-of-file messages name it ("a 16-bit word"). */
    private final String word;

    /**
     * Opens {@code file} as {@code format} and reads its header.
     *
     * @param threads 1 to decode on the caller's thread only; 2 or more to decode with one worker thread
     * @param callerChunk the caller's chunk size when a worker helps: a multiple of 4, at most 1 MiB
     * @param sensorText how range errors name the sensor read from the header
     * @param kernels a new decoder for the file and sensor text
     */
    RawReader(EventFormat format, Path file, int threads, int callerChunk, Function<SensorSize, String> sensorText,
            BiFunction<Path, String, RawKernel> kernels) throws IOException {
        this(format, file, threads, callerChunk, false, sensorText, kernels);
    }

    /**
     * As {@link #RawReader(EventFormat, Path, int, int, Function, BiFunction)}, with {@code
     * oneThreadWhenCopying}: whether a reader whose events are taken with {@link #read} (into the
     * caller's batches, which the worker's events are copied into) decodes on one thread, a worker
     * helping only {@link #forEachBatch} (which lends the worker's blocks as they are).
     */
    RawReader(EventFormat format, Path file, int threads, int callerChunk, boolean oneThreadWhenCopying,
            Function<SensorSize, String> sensorText, BiFunction<Path, String, RawKernel> kernels) throws IOException {
        ChannelInput in = new ChannelInput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
        super(format, in, parseHeader(in, PropheseeHeader::readSensor));
        String text = sensorText.apply(sensor());
        kernel = kernels.apply(file, text);
        wordBytes = kernel.wordSize();
        word = "a " + 8 * wordBytes + "-bit word";
        this.threadsAsked = threads;
        this.callerChunk = callerChunk;
        this.oneThreadWhenCopying = oneThreadWhenCopying;
        this.kernels = () -> kernels.apply(file, text);
    }

    /**
     * Before the first events: whether a worker thread helps, now that it is known whether the
     * events are lent ({@link #forEachBatch}) or copied into the caller's batches ({@link #read}).
     */
    private void decide(boolean lending) throws IOException {
        if (decided) {
            return;
        }
        decided = true;
        if ((lending || !oneThreadWhenCopying) && workerHelps()) {
            int w = sensor().isKnown() ? sensor().width() : NO_LIMIT;
            int h = sensor().isKnown() ? sensor().height() : NO_LIMIT;
            parallel = new ParallelDecoder(this, in, kernel, kernels, callerChunk, w, h);
        }
    }

    /** Whether a worker thread is asked for and the words left are enough to share (when lent). */
    private boolean workerHelps() {
        return threadsAsked > 1 && ParallelDecoder.worthIt(in.size() - in.offset(), callerChunk);
    }

    /** Threads on a machine's cores by default: 2 when it has two or more. */
    static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Threads decoding this file: 1, or 2 when a worker thread helps. Decided at the first
     * {@link #read} or {@link #forEachBatch}; before that, the threads a {@link #forEachBatch} would
     * take.
     */
    public int threads() {
        if (!decided) {
            return workerHelps() ? 2 : 1;
        }
        return parallel == null ? 1 : 2;
    }

    @Override
    protected boolean refill() throws IOException {
        decide(false);
        return parallel == null ? request(wordBytes, word) : parallel.refill(() -> request(wordBytes, word));
    }

    @Override
    protected int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h) throws IOException {
        kernel.looseStopped = false; // cleared first: a copy of worker events does not set it
        return parallel == null ? kernel.decodeBuffer(in, t, x, y, p, n, room, w, h) : parallel.decode(t, x, y, p, n, room);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On two threads the worker's blocks are lent as they are, without the copy that
     * {@link #read} makes (batches of at most 16,395 events, ending where the worker's blocks end);
     * the events of the caller's own chunks come in a batch of 16,384 events that the
     * reader keeps. On two threads an EVT 3.0 batch lent may end up to 1,024 events short of full,
     * where the vector decoder would otherwise have filled the rest in ever smaller steps.
     */
    @Override
    public long forEachBatch(BatchConsumer action) throws IOException {
        decide(true);
        if (parallel == null) {
            // one thread's batches of 65,536 events are filled: ending them short gained nothing
            return super.forEachBatch(action);
        }
        EventBatch own = ownBatch;
        if (own == null) {
            own = Recycler.batch(OWN_BATCH);
            ownBatch = own;
        }
        long total = 0;
        parallel.lending(true);
        try {
            while (true) {
                EventBatch b = parallel.lend();
                if (b == null) {
                    if (read(own) > 0) {
                        b = own;
                    } else {
                        b = parallel.lend(); // read stopped before a block to lend, or the file ended
                        if (b == null) {
                            return total;
                        }
                    }
                }
                if (b.size() > 0) {
                    action.accept(b);
                    total += b.size();
                }
            }
        } finally {
            parallel.lending(false);
        }
    }

    /** Whether the kernel ended the batch short, as it may while lending on two threads. */
    @Override
    protected boolean stoppedShort() {
        return kernel.looseStopped;
    }

    @Override
    public long skippedRecords() {
        return kernel.skipped;
    }

    @Override
    public void close() throws IOException {
        try {
            if (parallel != null) {
                parallel.close();
            }
        } finally {
            EventBatch own = ownBatch;
            ownBatch = null;
            if (own != null) {
                Recycler.giveBack(own);
            }
            super.close();
        }
    }
}
