package org.leinao.events.format.prophesee;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.EventFormatException;

/**
 * The decoder state machine of a Prophesee RAW encoding, separated from where its bytes come from,
 * so that the same loop decodes a reader's buffer (exact state, carried from the start of the file)
 * and, on a second thread, a chunk further on ({@link ParallelDecoder}), whose state at the chunk's
 * start is not known yet.
 *
 * <p>A chunk decoder starts from {@link #sync}: it learns the state from the chunk's own words and
 * decodes with what is still unknown marked. What it cannot know is fixed up when the events are
 * handed over in file order, by the thread that then knows the exact state before the chunk:
 * the time-high bits until the chunk's first TIME_HIGH word ({@link #thUnknown}; events decoded
 * before it carry time-high 0), the count of 24-bit time wraps (EVT 3.0), and for EVT 3.0 the vector
 * base x until the first VECT_BASE_X ({@code baseKnown}; a vector word before it stops the chunk
 * decoder, see {@link #stopped}).
 */
abstract class RawKernel {

    /**
     * Bytes the scalar decoders of this JVM decode before the vector decoders ({@link Evt2Vector},
     * {@link Evt3TwoPass}) take over, 1 GiB by default (system property
     * {@code leinao.events.vectorAfterBytes}; tests change it). Why: until C2 has compiled them,
     * Vector API code runs as objects and is many times slower than the scalar loops; a JVM that reads
     * one file of a few hundred MB (as {@code leinao events info} does) was 0.6-1.8 s slower with
     * the vector decoders from the start (docs/events-throughput.md, eighth pass). A JVM that decodes more pays
     * that warm-up once, after the first GiB.
     */
    static volatile long vectorAfterBytes = Long.getLong("leinao.events.vectorAfterBytes", 1L << 30);
    /**
     * Whether the {@code jdk.incubator.vector} module is in the boot layer (it is only when the JVM
     * was started with {@code --add-modules jdk.incubator.vector}, as the {@code leinao} launcher
     * does). Asking loads none of its classes: {@link Evt2Vector} and {@link Evt3TwoPass} are loaded
     * only when the vector decoders take over.
     */
    static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Bytes decoded by the scalar decoders so far, while fewer than {@link #vectorAfterBytes}. */
    static final AtomicLong SCALAR_BYTES = new AtomicLong();
    /** Whether the vector decoders decode now; set once {@link #SCALAR_BYTES} reached {@link #vectorAfterBytes}. */
    private static volatile boolean vectorWarm = VECTOR_MODULE && vectorAfterBytes <= 0 && vectorsUsable();

    /** Whether kernels made with the vector decoders on decode with them now (see {@link #vectorAfterBytes}). */
    static boolean vectorNow() {
        return vectorWarm;
    }

    /** Counts {@code bytes} decoded by a scalar decoder, towards {@link #vectorAfterBytes}. */
    static void countScalar(long bytes) {
        if (!vectorWarm && VECTOR_MODULE && SCALAR_BYTES.get() >= 0
                && SCALAR_BYTES.addAndGet(bytes) >= vectorAfterBytes) {
            if (vectorsUsable()) {
                vectorWarm = true;
            } else {
                SCALAR_BYTES.set(Long.MIN_VALUE); // vectors too narrow here: stop counting
            }
        }
    }

    /** Whether the module is there and the platform's vectors suit both vector decoders (loads them). */
    static boolean vectorsAvailable() {
        return VECTOR_MODULE && vectorsUsable();
    }

    private static boolean vectorsUsable() {
        return Evt2Vector.usable() && Evt3TwoPass.usable();
    }

    /** Starts counting again from 0 with {@link #vectorAfterBytes} as it is now (tests). */
    static void resetVectorWarmUp() {
        SCALAR_BYTES.set(0);
        vectorWarm = VECTOR_MODULE && vectorAfterBytes <= 0 && vectorsUsable();
    }

    /** The file, for error messages. */
    final Path file;
    /** How the sensor is named in range errors. */
    final String sensorText;

    /** Skipped words (triggers, OTHERS, CONTINUED) decoded so far. */
    long skipped;
    /** Array index after the last word decoded by {@link #decode}. */
    int pos;
    /** Set by a chunk decoder that stopped before a word it cannot decode without the earlier state. */
    boolean stopped;
    /** True while no TIME_HIGH word has been decoded since {@link #sync} (never in a file-order decoder). */
    boolean thUnknown;
    /** Event index (in the output arrays of the decode call) where the first TIME_HIGH took effect, or -1. */
    int firstThN = -1;
    /** The value of the chunk's first TIME_HIGH word. */
    int firstTh;

    RawKernel(Path file, String sensorText) {
        this.file = file;
        this.sensorText = sensorText;
    }

    /** Bytes per word. */
    abstract int wordSize();

    /** Events a single word can yield beyond the first: a batch keeps this many slots spare. */
    abstract int spare();

    /**
     * Decodes words {@code arr[pos..end)} into events {@code n, n+1, ...} while fewer than
     * {@code room} are stored; sets {@link #pos} to the index after the last word decoded.
     *
     * @param arrOffset file offset of {@code arr[0]}, for error messages
     * @return the new number of events
     * @throws EventFormatException at the first malformed word, with its file offset
     */
    abstract int decode(byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y, byte[] p,
            int n, int room, int w, int h) throws EventFormatException;

    /**
     * Resets to the state of a chunk decoder at {@code arr[from]}, where nothing is known, and reads
     * words (emitting nothing) until decoding can go on with only the unknowns the hand-over fixes up.
     *
     * @return the index where the chunk decoder's events begin ({@code to} when there is none)
     */
    abstract int sync(byte[] arr, int from, int to);

    /** A new kernel of the same format, file and sensor text, in its initial state. */
    abstract RawKernel newKernel();

    /** A copy of the state. */
    final RawKernel snapshot() {
        RawKernel s = newKernel();
        s.restore(this);
        return s;
    }

    /**
     * Takes the state of {@code s}, a snapshot of this kernel: the fields kept here; formats
     * override this to add their own after calling it.
     */
    void restore(RawKernel s) {
        skipped = s.skipped;
        pos = s.pos;
        stopped = s.stopped;
        thUnknown = s.thUnknown;
        firstThN = s.firstThN;
        firstTh = s.firstTh;
    }

    /**
     * For a file-order decoder at a chunk decoder's sync point: what to add to the times of the
     * chunk decoder's events before its first TIME_HIGH word.
     *
     * @param atSync the chunk decoder's state right after {@link #sync}
     */
    abstract long addBeforeTimeHigh(RawKernel atSync);

    /**
     * What to add to the times of the chunk decoder's events from its first TIME_HIGH word on (from
     * its start when {@code atSync} already knew the time high).
     *
     * @param firstTimeHigh the value of that word
     */
    abstract long addAfterTimeHigh(RawKernel atSync, int firstTimeHigh);

    /**
     * What a file-order decoder knows of the time at its position that a chunk decoder further on
     * may take as a guess ({@link #assume}): for EVT 3.0 the 24-bit wrap count and time high. The
     * guess only saves work at the hand-over when it is right (the fix-ups are then 0); a wrong one
     * is fixed up like an unknown one.
     */
    long knownState() {
        return 0;
    }

    /**
     * Makes the next {@link #sync} start from {@code knownState}, a file-order decoder's
     * {@link #knownState()} somewhere before the chunk, instead of from nothing.
     */
    void assume(long knownState) {
    }

    /**
     * Whether this chunk decoder marks the events of a word after its first (the hand-over that
     * copies into a caller's batch needs the marks to end batches where a file-order decoder does;
     * a block lent as a whole does not). On by default after {@link #sync}; formats whose words
     * yield one event each have none.
     */
    void marksContinuations(boolean on) {
    }

    /**
     * Whether a {@link #decode} call may return up to {@link #LOOSE_ROOM} events short of its room,
     * rather than fill the room exactly, word by word at its end. Only for a caller that takes the
     * events as they come, in batches of its own making (a worker's block lent whole): a caller that
     * calls again for the rest would make no progress. Off by default; formats without such an end
     * ignore it.
     */
    boolean looseRoom;

    /** How far short of its room a {@link #looseRoom} decode may stop. */
    static final int LOOSE_ROOM = 1024;

    /** Set by a {@link #looseRoom} decode that stopped short of its room (the batch is done). */
    boolean looseStopped;

    /**
     * Moves this file-order decoder, whose state is exact at the chunk decoder's sync point, to the
     * exact state where the chunk decoder ended ({@code atEnd}).
     */
    abstract void adopt(RawKernel atSync, RawKernel atEnd);

    /** Decodes the words in {@code in}'s buffer, as {@link #decode}, and moves the buffer past them. */
    final int decodeBuffer(ChannelInput in, long[] t, short[] x, short[] y, byte[] p, int n, int room, int w, int h)
            throws EventFormatException {
        ByteBuffer b = in.buffer();
        // Words are read from the heap buffer's array (ChannelInput allocates a heap buffer).
        byte[] arr = b.array();
        int base = b.arrayOffset();
        int start = base + b.position();
        int end = start + (b.remaining() & -wordSize());
        int m = decode(arr, start, end, in.offset() - start, t, x, y, p, n, room, w, h);
        countScalar(pos - start); // (vector decodes counted too: the count only matters until it flips)
        b.position(pos - base);
        return m;
    }

    /** The error for an event at file offset {@code at} outside the declared sensor. */
    final EventFormatException outside(long at, int xx, int yy) {
        return new EventFormatException(file, at, "event (" + xx + ", " + yy + ") outside the declared sensor " + sensorText);
    }
}
