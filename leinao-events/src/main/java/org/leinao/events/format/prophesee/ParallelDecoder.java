package org.leinao.events.format.prophesee;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.leinao.events.EventBatch;
import org.leinao.events.io.ChannelInput;
import org.leinao.events.io.EventFormatException;
import org.leinao.events.io.FileReads;
import org.leinao.events.io.Recycler;

/**
 * Decodes a RAW file on two threads: the reader's own (the caller of {@code read}) and one worker.
 *
 * <p>The words after the header are cut into chunks that alternate between the two threads. The
 * caller's chunks ({@code callerChunk} bytes) it decodes straight into the batch it was given, with
 * the exact state carried from the start of the file, exactly as a single-threaded reader. A worker
 * chunk the worker claims (by a CAS on the offset where the next one begins), reads with a
 * positional read, learns the state from the chunk's first words ({@link RawKernel#sync}; the events
 * of those few words are left to the caller) and decodes the rest into blocks of a fixed pool.
 * Reaching a worker chunk, the caller decodes the words before the worker's sync point, then copies
 * the worker's blocks into the batch, adding to the times what the worker could not know (the time
 * high before its first TIME_HIGH, 24-bit wraps), and takes over the worker's final state.
 *
 * <p>Balance: copying costs the caller time the worker does not spend, so the worker's chunks grow
 * while it is ahead (its blocks pile up in the pool) and shrink when the caller takes chunks over. A
 * worker chunk not claimed yet when the caller gets there is the caller's; and the caller never
 * waits for the worker longer than a block takes: it takes over a claimed chunk the worker has not
 * announced yet, or the rest of one after its last block published ({@link #steal}), and the
 * worker, whose next announcement or publication of that chunk then fails (both go by CAS), drops
 * what it decoded of it. So a worker starved of a core, or whose vCPU the host takes away for
 * milliseconds, never makes reading much slower than one thread.
 *
 * <p>Exactness: a worker that meets a word it cannot decode alone (a malformed word, a vector before
 * the chunk's first VECT_BASE_X) stops there and the caller decodes the rest of the chunk itself, so
 * every error is raised by the caller's own decoder, with the message and byte offset of a
 * single-threaded reader, after the same events; batches end where a single-threaded reader ends
 * them. An unexpected failure of the worker (a bug, an {@link Error}) is rethrown by the caller when
 * it reaches the chunk, unless the caller took that chunk over and so decoded it itself; a worker
 * that dies outside a chunk (its thread's handler prints why) leaves every chunk to the caller.
 *
 * <p>Lending ({@link #lend}, for {@link org.leinao.events.format.EventReader#forEachBatch}): while
 * the caller streams with lent batches, the worker decodes each block straight into a whole
 * {@link EventBatch} of its own (full-width times, no continuation marks), which the caller lends as
 * it is once it has fixed up the times, instead of copying it into a batch: a batch then ends where
 * a block ends. To make that fix-up rare, the worker starts each chunk from the caller's last exact
 * wrap count and time high ({@link RawKernel#assume}), so that only the events before the chunk's
 * first TIME_HIGH (and the blocks of a chunk whose guess was wrong) need an add. The caller's own
 * chunks it decodes into a batch of its own, as {@code read} does, and lends that.
 *
 * <p>Memory is bounded: {@link #BLOCKS} blocks of {@link #BLOCK} events, one more for the worker to
 * decode into and one chunk of bytes for the worker, whatever the file size; once lending, also
 * {@link #LEND_BLOCKS} whole batches of {@link #BLOCK} events (about 3.4 MB). The worker ends at the
 * end of the file or on {@link #close} (or, when the reader is dropped unclosed, once it is garbage
 * collected).
 */
final class ParallelDecoder implements AutoCloseable {

    /** Events per block. */
    static final int BLOCK = 16_384;
    /** Blocks in the pool: how far the worker may run ahead. */
    static final int BLOCKS = 32;
    /**
     * How far the worker may run ahead while lending, in blocks: the blocks to lend share this many
     * batches ({@link #wholes}), so that what the worker writes stays in a few MB of cache.
     */
    static final int LEND_BLOCKS = 16;
    /** Largest worker chunk, bytes (its read buffer). */
    private static final int MAX_WORKER_CHUNK = 2 << 20;

    private static final Cleaner CLEANER = Cleaner.create();

    /**
     * Test hook, null in production: when set, the worker runs it before decoding each chunk it
     * claims, inside the chunk's failure handling, so that a test can make the worker fail (throw a
     * {@link RuntimeException} or an {@link Error}) and check that the caller rethrows it. Read once
     * per worker chunk.
     */
    static volatile Runnable workerFaultForTest;

    /**
     * Test hook, false in production: when set, the caller takes a worker chunk over ({@link #steal})
     * as soon as nothing of it is ready, and the worker holds back (for at most a few ms) the
     * announcement of every other chunk, and the second block of every chunk, until the caller has
     * taken them, so that tests take both paths on most chunks rather than when the timing happens
     * to.
     */
    static volatile boolean stealForTest;
    /** Worker chunks the caller took over, since the class was loaded (for tests). */
    static final AtomicLong STEALS = new AtomicLong();
    /**
     * Test hook, false in production: when set, the worker holds back (for at most a few ms) the
     * last block of every chunk until the caller has read a piece ahead, so that tests take the
     * path where the caller goes on from bytes it read ahead on most chunks.
     */
    static volatile boolean prefetchForTest;
    /** Worker chunks after which the caller went on from bytes it had read ahead (for tests). */
    static final AtomicLong READ_AHEAD_KEPT = new AtomicLong();
    /**
     * How long the caller spins for a worker's chunk or block before it takes the rest over: about
     * 45 µs, about what the worker takes for a block of the benchmark's stream (16,384 events at
     * ~2 ns; a block of a denser stream, or on a slow vCPU, takes longer and is then sometimes
     * taken over while the worker is at it, which costs the worker that block), so that a worker
     * whose vCPU the host has taken away (for 1-4 ms at a time on the shared host, docs/events-throughput.md,
     * fourteenth pass) is not waited for.
     */
    private static final int STEAL_SPINS = 2_000;
    /** Bytes the caller reads ahead at a time while waiting: ~5 µs, so that a block is not kept waiting long. */
    private static final int PREFETCH_PIECE = 32 << 10;
    /** The spins a piece read ahead counts as, towards {@link #STEAL_SPINS}: about its time. */
    private static final int PREFETCH_SPINS = 200;

    /** Blocks whose times did not fit in 16-bit offsets but in 32-bit ones, since the class was loaded (for tests). */
    static final AtomicLong INT_BLOCKS = new AtomicLong();
    /** Blocks whose times did not fit in 32-bit offsets, since the class was loaded (for tests). */
    static final AtomicLong WIDE_BLOCKS = new AtomicLong();
    /** How a block holds its times: 16-bit offsets, 32-bit offsets, whole. */
    private static final int T16 = 0;
    private static final int T32 = 1;
    private static final int T64 = 2;

    private final ChannelInput in;
    private final RawKernel exact;
    private final Supplier<RawKernel> kernels;
    private final long alignedEnd;
    private final int callerChunk;
    private final int minWorkerChunk;
    private final int maxWorkerChunk;
    private final int w;
    private final int h;
    private final int wordSize;

    /** The memory of the blocks, batches and buffers below: a closed decoder's when one is kept ({@link #close}). */
    private final Buffers buffers;
    private boolean closed;

    // ---- shared between the two threads
    private final Block[] ring;
    /** The batches of the blocks to lend, made by the worker as it needs them; block p uses {@code p % LEND_BLOCKS}. */
    private final EventBatch[] wholes;
    private final Chunk[] chunks = new Chunk[BLOCKS + 2];
    private volatile long produced;
    private volatile long consumed;
    /** Where the next worker chunk begins; the worker or the caller claims it by CAS. */
    private final AtomicLong workerNext;
    /** The worker's chunk size, adapted to keep both threads busy. */
    private volatile int workerChunk;
    private final Shutdown shutdown = new Shutdown();
    private volatile boolean workerWaiting;
    /** Worker chunks the caller took over (the worker was late); read by the worker to adapt. */
    private volatile long takeOvers;
    /** Whether the worker decodes blocks as whole batches to lend (set by the caller). */
    private volatile boolean lending;
    /** The caller's last exact {@link RawKernel#knownState()}, the worker's guess for its next chunk. */
    private volatile long known;
    /** Whether the worker found the pool full during its current chunk (it waits for the caller). */
    private boolean workerStalled;
    /**
     * The worker's read buffer, grown to the largest chunk it has read (at most 2 MiB while it
     * copies; while lending, twice the caller's chunk). Worker thread only.
     */
    private byte[] workerBuf;
    /** Where the worker decodes blocks for copying, made at the first such block. Worker thread only. */
    private Scratch workerScratch;
    private Thread worker;
    private final Cleaner.Cleanable cleanable;

    // ---- the caller's progress
    private long limit;
    private long nextRecord;
    private Chunk pending;
    private Chunk copying;
    private Block block;
    /** Blocks of the chunk being copied that the caller has finished. */
    private int chunkBlocks;
    /**
     * The worker's state and file offset after the last block of the chunk being copied that the
     * caller has finished (at first its sync point): where the caller goes on when it takes over.
     */
    private RawKernel resume;
    private long resumePos;
    /**
     * The caller's own next bytes, {@code [prefetchFrom, prefetchTo)}: those after the chunk being
     * copied. While it waits for the chunk's next block, the caller reads them ahead into its input
     * ({@link ChannelInput#prefetch}), so that the read is done when it gets there. In lend mode
     * handing a block on costs the caller nothing, so it caught up with the worker in nearly every
     * chunk and waited 300-650 times per pass, 1-10 ms in all (docs/events-throughput.md, fifteenth pass).
     */
    private long prefetchFrom;
    private long prefetchTo;
    private boolean prefetching;
    /** Pieces read ahead, for {@link #prefetchForTest}. */
    private volatile int prefetchPieces;
    /** The caller's copy of a block's end state ({@link #resume} once a block is finished). */
    private RawKernel resumeCopy;
    private boolean pastTimeHigh;
    private long addBefore;
    private long addAfter;
    /** Whether the caller streams with lent batches: {@link #refill} then stops before a block to lend. */
    private boolean lendingCaller;

    /**
     * A block of worker events. Times go as 16-bit offsets from {@code base} (7 bytes per event to
     * hand over instead of 13); a block whose times do not all fit keeps them as 32-bit offsets, or
     * whole when those do not fit either. The packed arrays are made when the block is first packed:
     * while the caller lends, blocks carry whole batches instead, and the pool's 32 blocks would
     * otherwise hold 3.7 MB that nothing uses.
     */
    private static final class Block {
        final int capacity;
        /** Offsets from {@link #base}, biased by -2^15 so that 0..65,535 fit a short; null until packed. */
        short[] t16;
        /** The times of a {@link #T32} block as offsets from {@link #base}; allocated at the first one. */
        int[] t32;
        /** The times of a {@link #T64} block; allocated at the first one. */
        long[] t;
        /** What the offsets are added to. */
        long base;
        /** {@link #T16}, {@link #T32} or {@link #T64}. */
        int width;
        short[] x;
        short[] y;
        byte[] p;
        int n;
        int read;
        long skipped;
        /** Index of the first event after the chunk's first TIME_HIGH, when that word is in this block; else -1. */
        int thSplit;
        int firstTh;
        boolean last;
        /** The events of a block decoded to be lent, with times whole; made at the first such block. */
        EventBatch whole;
        /** Whether this block's events are in {@link #whole} (else in the packed arrays). */
        boolean isWhole;
        /** The worker's state after this block (made at the first block) and the file offset there. */
        RawKernel end;
        long endPos;

        Block(int capacity) {
            this.capacity = capacity;
        }

        /** About the bytes of the packed arrays made so far ({@link #whole} is counted with the batches). */
        long bytes() {
            long perEvent = (t16 == null ? 0 : 7) + (t32 == null ? 0 : 4) + (t == null ? 0 : 8);
            return perEvent * capacity;
        }

        /** Makes the packed arrays at the first packing (by the worker, before it publishes the block). */
        void packable() {
            if (t16 == null) {
                t16 = new short[capacity];
                x = new short[capacity];
                y = new short[capacity];
                p = new byte[capacity];
            }
        }
    }

    /**
     * Where the worker decodes a block's events before it copies them into the block. These arrays
     * stay in the worker's cache; the block's memory was last read by the caller's core, and stores
     * into it one at a time, between the decoder's other work, each wait for a line to come back
     * from that core (the worker decoded EVT 3.0 at 6.5 ns per event into the blocks, 3.8 here, plus
     * 1 ns per event for the copy, whose stores overlap).
     */
    private static final class Scratch {
        final long[] t;
        final short[] x;
        final short[] y;
        final byte[] p;

        Scratch(int capacity) {
            t = new long[capacity];
            x = new short[capacity];
            y = new short[capacity];
            p = new byte[capacity];
        }
    }

    /**
     * A decoder's blocks, batches and buffers: made as they are needed, and given back whole to the
     * {@link Recycler} when the decoder closes, for the next decoder of the same block capacity.
     * Fresh heap costs a page fault per 4 KiB page at its first touch: the worker spent 10-20 ms of
     * a 75-95 ms pass of the benchmark's EVT 3.0 file making its lent batches and its read buffer
     * in about half the JVMs on the project's VM, and the caller then took its chunks over (the
     * "bad state" of the sixteenth pass; docs/events-throughput.md, seventeenth pass).
     */
    private static final class Buffers {
        final int capacity;
        final Block[] ring = new Block[BLOCKS];
        final EventBatch[] wholes = new EventBatch[LEND_BLOCKS];
        byte[] workerBuf = new byte[0];
        Scratch workerScratch;

        Buffers(int capacity) {
            this.capacity = capacity;
            for (int i = 0; i < ring.length; i++) {
                ring[i] = new Block(capacity);
            }
        }

        /** About the bytes of the arrays made so far. */
        long bytes() {
            // the scratch arrays and each batch made: an EventBatch's arrays
            long batch = (long) EventBatch.BYTES_PER_EVENT * capacity;
            long n = workerBuf.length + (workerScratch == null ? 0 : batch);
            for (Block b : ring) {
                n += b.bytes();
            }
            for (EventBatch e : wholes) {
                n += e == null ? 0 : batch;
            }
            return n;
        }
    }

    /** What the worker found in one chunk. */
    private static final class Chunk {
        /**
         * 3 c + 0 once the worker is about to claim the chunk as its claim number c ({@link #start} and
         * {@link #end} set), 3 c + 1 once it has announced it (the fields below set), 3 c + 2 once the
         * caller has taken it before that: both move it on by CAS, so that exactly one decodes it.
         */
        volatile long mark = -1;
        /** Blocks of the chunk the worker has published; -1 once the caller has taken the rest over. */
        volatile int published;
        long start;
        long end;
        long syncPos;
        RawKernel atSync;
        long endPos;
        RawKernel atEnd;
        Throwable failure;
    }

    private static final VarHandle MARK;
    private static final VarHandle PUBLISHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MARK = l.findVarHandle(Chunk.class, "mark", long.class);
            PUBLISHED = l.findVarHandle(Chunk.class, "published", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The worker's stop signal, shared with the cleaner (which must not reach the reader). */
    private static final class Shutdown implements Runnable {
        volatile boolean closed;
        volatile Thread worker;

        @Override
        public void run() {
            closed = true;
            Thread t = worker;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * @param owner       the reader; when it is garbage collected unclosed, the worker ends
     * @param in          the reader's input, positioned at the first word
     * @param exact       the reader's decoder, exact from the start of the file
     * @param kernels     makes the worker's decoder
     * @param callerChunk bytes per caller chunk, and the worker's first chunk size (a multiple of 4,
     *                    at most 1 MiB); the worker's chunks then vary between 1/8 and 8 times it
     */
    ParallelDecoder(Object owner, ChannelInput in, RawKernel exact, Supplier<RawKernel> kernels,
            int callerChunk, int w, int h) throws IOException {
        this.in = in;
        this.exact = exact;
        this.kernels = kernels;
        this.callerChunk = callerChunk;
        this.workerChunk = callerChunk;
        this.minWorkerChunk = Math.max(64, callerChunk / 8) & -4;
        this.maxWorkerChunk = Math.min(MAX_WORKER_CHUNK, callerChunk * 8);
        this.w = w;
        this.h = h;
        this.wordSize = exact.wordSize();
        long dataStart = in.offset();
        this.alignedEnd = dataStart + ((in.size() - dataStart) & -wordSize);
        int capacity = BLOCK + exact.spare();
        Buffers b = Recycler.take(Buffers.class, capacity);
        buffers = b != null ? b : new Buffers(capacity);
        ring = buffers.ring;
        wholes = buffers.wholes;
        workerBuf = buffers.workerBuf;
        workerScratch = buffers.workerScratch;
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new Chunk();
        }
        this.known = exact.knownState();
        this.workerNext = new AtomicLong(dataStart + callerChunk);
        setLimit(boundary(dataStart + callerChunk));
        this.cleanable = CLEANER.register(owner, shutdown);
    }

    /** Whether a file region of {@code bytes} bytes is worth two threads with this chunk size. */
    static boolean worthIt(long bytes, int callerChunk) {
        return bytes >= 4L * callerChunk;
    }

    /** The caller's limit for a chunk boundary at {@code offset}: no boundary past the last word. */
    private long boundary(long offset) {
        return offset >= alignedEnd ? Long.MAX_VALUE : offset;
    }

    // ------------------------------------------------------------------ the caller's side

    /** The file-order reader's refill that reads on at the end of the file. */
    @FunctionalInterface
    interface Tail {
        boolean refill() throws IOException;
    }

    /**
     * Makes the next events available: words before the current limit in {@code in}, or worker
     * events to copy.
     *
     * @param tail the single-threaded refill, used for the last chunk (and the file's last bytes)
     * @return false at the end of the file
     */
    boolean refill(Tail tail) throws IOException {
        if (worker == null) {
            start();
        }
        while (true) {
            if (copying != null) {
                if (block == null) {
                    block = awaitBlock();
                    if (block == null) {
                        continue; // the caller took the rest of the chunk over
                    }
                }
                if (block.read < block.n) {
                    // when lending, a whole block is lent as it is (lend), not copied
                    return !(lendingCaller && block.isWhole && block.read == 0);
                }
                finishBlock();
                continue;
            }
            if (limit == Long.MAX_VALUE) {
                return tail.refill();
            }
            if (in.request(wordSize)) {
                return true;
            }
            if (pending != null) {
                startCopy();
                continue;
            }
            long s = limit; // a worker chunk starts here, unless nobody claimed it
            long next = s + workerChunk + callerChunk;
            if (workerNext.compareAndSet(s, next)) {
                setLimit(boundary(next)); // unclaimed (the worker is behind): decode it here
            } else {
                pending = awaitChunk(s);
                if (pending != null) {
                    setLimit(pending.syncPos);
                }
            }
        }
    }

    /** Decodes the available words into the batch, or copies worker events into it. */
    int decode(long[] t, short[] x, short[] y, byte[] p, int n, int room) throws IOException {
        return copying == null ? exact.decodeBuffer(in, t, x, y, p, n, room, w, h) : copy(t, x, y, p, n, room);
    }

    /** Copies events of the current worker block into the batch. */
    private int copy(long[] t, short[] x, short[] y, byte[] p, int n, int room) {
        Block b = block;
        int i = b.read;
        int k = Math.min(room - n, b.n - i);
        if (b.isWhole) {
            // decoded to be lent, read after all (a read after a forEachBatch that ended early):
            // the same events, but with no continuation marks a batch may end inside a vector word
            EventBatch e = b.whole;
            fixedTimes(b, i, k, e.t(), t, n);
            System.arraycopy(e.x(), i, x, n, k);
            System.arraycopy(e.y(), i, y, n, k);
            System.arraycopy(e.p(), i, p, n, k);
            b.read = i + k;
            return n + k;
        }
        // a batch ends after the word that filled it, as in a file-order decode: finish a vector
        while (i + k < b.n && (b.p[i + k] & 2) != 0) {
            k++;
        }
        if (pastTimeHigh || b.thSplit < 0) {
            times(b, i, t, n, k, pastTimeHigh ? addAfter : addBefore);
        } else {
            int mid = Math.max(i, Math.min(b.thSplit, i + k));
            times(b, i, t, n, mid - i, addBefore);
            times(b, mid, t, n + mid - i, i + k - mid, exact.addAfterTimeHigh(copying.atSync, b.firstTh));
        }
        System.arraycopy(b.x, i, x, n, k);
        System.arraycopy(b.y, i, y, n, k);
        polarities(b.p, i, p, n, k);
        b.read = i + k;
        return n + k;
    }

    /**
     * Times {@code from .. from+len-1} of whole block {@code b} ({@code src}), with what the worker
     * could not know added, into {@code dst} from {@code to} ({@code dst} may be {@code src}, with
     * {@code to == from}: fixed up in place, and not touched where nothing is to be added).
     */
    private void fixedTimes(Block b, int from, int len, long[] src, long[] dst, int to) {
        int end = from + len;
        int mid = pastTimeHigh || b.thSplit < 0 ? (pastTimeHigh ? from : end) : Math.max(from, Math.min(b.thSplit, end));
        addTimes(src, from, dst, to, mid - from, addBefore);
        long after = pastTimeHigh || b.thSplit < 0 ? addAfter : exact.addAfterTimeHigh(copying.atSync, b.firstTh);
        addTimes(src, mid, dst, to + mid - from, end - mid, after);
    }

    /**
     * While lending: the next worker block as a whole batch, its times fixed up, valid until the
     * next call of {@link #refill} or this method; null when the next events are not such a block
     * (the caller's own words, a block decoded for copying, or the end): {@code read} goes on then.
     */
    EventBatch lend() throws IOException {
        while (copying != null) {
            if (block == null) {
                block = awaitBlock();
                if (block == null) {
                    return null; // the caller took the rest of the chunk over
                }
            }
            Block b = block;
            if (b.read < b.n) {
                if (!b.isWhole || b.read != 0) {
                    return null;
                }
                EventBatch e = b.whole;
                long[] t = e.t();
                fixedTimes(b, 0, b.n, t, t, 0);
                e.setSize(b.n);
                b.read = b.n;
                return e;
            }
            finishBlock();
        }
        return null;
    }

    /**
     * Starts or ends lending: while on, the worker decodes its next blocks as whole batches and
     * {@link #refill} stops before them ({@link #lend} takes them), and the caller's own batches, as
     * the worker's whole blocks, may end short of full ({@link RawKernel#looseRoom}).
     */
    void lending(boolean on) {
        lendingCaller = on;
        lending = on;
        exact.looseRoom = on;
    }

    /** Copies {@code len} times of block {@code b} from {@code from}, adding {@code add}. */
    private static void times(Block b, int from, long[] dst, int to, int len, long add) {
        switch (b.width) {
            case T16 -> addTimes(b.t16, from, dst, to, len, add + b.base);
            case T32 -> addTimes(b.t32, from, dst, to, len, add + b.base);
            default -> addTimes(b.t, from, dst, to, len, add);
        }
    }

    // The copy loops are small methods of their own so that the JIT compiles them early, apart from
    // the rest of the hand-over.
    private static void addTimes(short[] src, int from, long[] dst, int to, int len, long add) {
        for (int q = 0; q < len; q++) {
            dst[to + q] = src[from + q] + add;
        }
    }

    private static void addTimes(int[] src, int from, long[] dst, int to, int len, long add) {
        for (int q = 0; q < len; q++) {
            dst[to + q] = src[from + q] + add;
        }
    }

    private static void addTimes(long[] src, int from, long[] dst, int to, int len, long add) {
        if (add == 0) {
            if (src != dst || from != to) {
                System.arraycopy(src, from, dst, to, len);
            }
            return;
        }
        for (int q = 0; q < len; q++) {
            dst[to + q] = src[from + q] + add;
        }
    }

    /** Copies polarities without the worker's continuation bit. */
    private static void polarities(byte[] src, int from, byte[] dst, int to, int len) {
        for (int q = 0; q < len; q++) {
            dst[to + q] = (byte) (src[from + q] & 1);
        }
    }

    private void setLimit(long offset) throws IOException {
        limit = offset;
        in.setReadLimit(offset);
    }

    /** The caller has decoded up to a worker chunk's sync point: its state is exact there. */
    private void startCopy() {
        copying = pending;
        pending = null;
        known = exact.knownState();
        chunkBlocks = 0;
        resume = copying.atSync;
        resumePos = copying.syncPos;
        prefetchFrom = copying.end;
        prefetchTo = copying.end + callerChunk;
        prefetching = true;
        RawKernel atSync = copying.atSync;
        if (atSync != null) {
            addBefore = exact.addBeforeTimeHigh(atSync);
            pastTimeHigh = !atSync.thUnknown;
            addAfter = pastTimeHigh ? exact.addAfterTimeHigh(atSync, 0) : 0;
        }
    }

    private void finishBlock() throws IOException {
        Block b = block;
        block = null;
        exact.skipped += b.skipped;
        if (!pastTimeHigh && b.thSplit >= 0) {
            pastTimeHigh = true;
            addAfter = exact.addAfterTimeHigh(copying.atSync, b.firstTh);
        }
        boolean last = b.last;
        if (!last) {
            // kept before the block goes back to the worker, which may overwrite it at once
            if (resumeCopy == null) {
                resumeCopy = exact.newKernel();
            }
            resumeCopy.restore(b.end);
            resume = resumeCopy;
            resumePos = b.endPos;
            chunkBlocks++;
        }
        consumed = consumed + 1;
        if (workerWaiting) {
            LockSupport.unpark(worker);
        }
        if (!last) {
            return;
        }
        Chunk c = copying;
        copying = null;
        prefetching = false;
        if (c.failure != null) {
            // a bug or a VM error in the worker (never a malformed file: those the caller raises)
            close();
            if (c.failure instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) c.failure;
        }
        if (c.endPos != c.syncPos) {
            exact.adopt(c.atSync, c.atEnd);
            known = exact.knownState();
        }
        goOnAt(c.endPos, c);
    }

    /**
     * The caller decodes on by itself from {@code pos} in or after worker chunk {@code c}, up to the
     * end of its own next chunk.
     */
    private void goOnAt(long pos, Chunk c) throws IOException {
        // the limit first: the seek then keeps the bytes read ahead up to it
        setLimit(boundary(c.end + callerChunk));
        if (in.readAhead(pos)) {
            READ_AHEAD_KEPT.incrementAndGet();
        }
        in.seek(pos);
    }

    /**
     * The next block of the chunk being copied, or null when the caller has taken the rest of the
     * chunk over ({@link #steal}) because the block was not ready within {@link #STEAL_SPINS}.
     */
    private Block awaitBlock() throws IOException {
        long c = consumed;
        for (int spins = 0; produced <= c; spins++) {
            if (prefetching) {
                // the caller's next bytes, read while it waits rather than after (see prefetchFrom)
                try {
                    prefetching = in.prefetch(prefetchFrom, prefetchTo, PREFETCH_PIECE);
                } catch (IOException e) {
                    // raised where a one-thread reader meets it, when the caller reads there
                    prefetching = false;
                }
                if (prefetchForTest) {
                    prefetchPieces = prefetchPieces + 1;
                }
                spins += PREFETCH_SPINS;
                continue;
            }
            if (spins >= STEAL_SPINS || stealForTest) {
                if (steal()) {
                    return null;
                }
                // the worker has just published the block (it counts it in a moment)
                for (long more = 0; produced <= c; more++) {
                    if ((more & 0xFFFF) == 0xFFFF && !worker.isAlive() && produced <= c) {
                        throw new IllegalStateException("the decode worker of " + in.file() + " ended inside a publication");
                    }
                    Thread.onSpinWait();
                }
                break;
            }
            Thread.onSpinWait();
        }
        return ring[(int) (c % BLOCKS)];
    }

    /**
     * Takes over the rest of the chunk being copied, from the end of its last block finished (or
     * its sync point): the worker's next publication of it fails and it goes on to another chunk.
     * Rather than wait while the worker decodes the rest of its chunk: when the host took the
     * worker's vCPU away for milliseconds, or one vCPU ran ~40 % slower than the other for seconds,
     * the caller waited 1-4 ms at a time (docs/events-throughput.md, thirteenth and fourteenth passes).
     *
     * @return false when the worker has just published the next block
     */
    private boolean steal() throws IOException {
        Chunk c = copying;
        if (!PUBLISHED.compareAndSet(c, chunkBlocks, -1)) {
            return false;
        }
        prefetching = false;
        tookOver();
        copying = null;
        block = null;
        if (resumePos != c.syncPos) {
            exact.adopt(c.atSync, resume);
            known = exact.knownState();
        }
        goOnAt(resumePos, c);
        return true;
    }

    /**
     * The worker chunk that starts at {@code start}, once announced; null when the worker had not
     * announced it within {@link #STEAL_SPINS} (reading it, or its vCPU taken away) and the caller
     * took it over: the caller then decodes it whole, as an unclaimed chunk.
     */
    private Chunk awaitChunk(long start) throws IOException {
        long r = nextRecord++;
        Chunk c = chunks[(int) (r % chunks.length)];
        for (int spins = 0; c.mark != 3 * r + 1; spins++) {
            if ((spins >= STEAL_SPINS || stealForTest) && MARK.compareAndSet(c, 3 * r, 3 * r + 2)) {
                tookOver();
                checkStart(c, start);
                setLimit(boundary(c.end + callerChunk));
                return null;
            }
            Thread.onSpinWait();
        }
        checkStart(c, start);
        return c;
    }

    /** Counts a take-over: for the worker's chunk size ({@link #adapt}) and for tests ({@link #STEALS}). */
    private void tookOver() {
        STEALS.incrementAndGet();
        takeOvers = takeOvers + 1;
    }

    private static void checkStart(Chunk c, long start) {
        if (c.start != start) {
            throw new IllegalStateException("decode worker's chunk at " + c.start + ", expected " + start);
        }
    }

    // ------------------------------------------------------------------ the worker

    private void start() {
        Thread t = Thread.ofPlatform().daemon().name("leinao-raw-decode").unstarted(this::work);
        worker = t;
        shutdown.worker = t;
        t.start();
    }

    private void work() {
        RawKernel k = kernels.get();
        RawKernel before = k.snapshot();
        long claims = 0;
        // the caller's descriptor (positional reads), not one of its own: the worker starts sooner
        // (opening one took ~0.5 ms of each pass) and reads the very file the caller opened
        FileReads reads = in.reads();
        while (!shutdown.closed) {
            long s = workerNext.get();
            if (s >= alignedEnd) {
                return;
            }
            int size = (int) Math.min(workerChunk, alignedEnd - s);
            // the record is filled before the claim: the caller may take the chunk over from then
            Chunk c = chunks[(int) (claims % chunks.length)];
            c.start = s;
            c.end = s + size;
            c.mark = 3 * claims;
            if (workerNext.compareAndSet(s, s + size + callerChunk)) {
                long takeOversBefore = takeOvers;
                decodeChunk(reads, k, before, claims++, c);
                adapt(takeOversBefore);
            }
        }
    }

    /**
     * After a chunk: when the caller took a worker chunk over, the worker takes fewer bytes
     * next time; when the worker found the pool full (the caller, which also copies, is the slower
     * one) and the caller never waited, more.
     */
    private void adapt(long takeOversBefore) {
        int size = workerChunk;
        // While lending, handing a block over costs the caller nothing, so the balance is near
        // chunks of equal size; but for stretches of a second or more the caller decodes slower than
        // the worker (the host's load on its vCPU), and capped at the caller's size the worker then
        // waited for the pool after nearly every chunk while passes took 90-105 ms instead of
        // 77-82. Up to twice the caller's (about the lend pool's 16 blocks), the worker settles at
        // ~57 % of the bytes in those stretches and passes stay at 77-82 ms; caps of three and four
        // times settled at the same share (docs/events-throughput.md, twelfth pass). Chunks of up to 2 MiB,
        // as the copying hand-over has, made the two threads wait for each other in turn (tenth
        // pass). Less when the caller waits, as ever.
        int max = lending ? Math.min(2 * callerChunk, maxWorkerChunk) : maxWorkerChunk;
        if (takeOvers != takeOversBefore) {
            size = Math.max(minWorkerChunk, size - size / 8);
        } else if (workerStalled) {
            size = Math.min(max, size + size / 8);
        }
        size = Math.min(max, size);
        workerChunk = size & -4;
        workerStalled = false;
    }

    private void decodeChunk(FileReads reads, RawKernel k, RawKernel before, long claim, Chunk c) {
        long start = c.start;
        int len = (int) (c.end - start);
        byte[] buf = workerBuffer(len);
        c.atSync = null;
        c.atEnd = null;
        c.failure = null;
        c.syncPos = start;
        c.endPos = start;
        c.published = 0;
        boolean announced = false;
        int pos = 0;
        int j = 0; // blocks published
        try {
            Runnable fault = workerFaultForTest;
            if (fault != null) {
                fault.run();
            }
            for (int got = 0; got < len; ) {
                int r = reads.read(buf, got, len - got, start + got);
                if (r < 0) {
                    throw new EOFException();
                }
                got += r;
            }
            k.assume(known);
            pos = k.sync(buf, 0, len);
            k.pos = pos;
            c.atSync = k.snapshot();
            c.syncPos = start + pos;
            c.endPos = start + pos;
            if (stealForTest && claim % 2 == 1) {
                holdForTest(() -> c.mark == 3 * claim + 2);
            }
            if (!MARK.compareAndSet(c, 3 * claim, 3 * claim + 1)) {
                return; // the caller took the chunk over
            }
            announced = true;
            while (true) {
                boolean whole = lending;
                Block b = acquire(whole ? LEND_BLOCKS : BLOCKS);
                if (b == null) {
                    return; // closed
                }
                if (whole) {
                    // no block before it that uses the same batch is left: acquire waited for that
                    int slot = (int) (produced % LEND_BLOCKS);
                    if (wholes[slot] == null) {
                        wholes[slot] = new EventBatch(BLOCK + k.spare());
                    }
                    b.whole = wholes[slot];
                }
                // a whole block needs no continuation marks: it is lent as it is
                k.marksContinuations(!whole);
                k.looseRoom = whole;
                before.restore(k);
                long skipped0 = k.skipped;
                k.firstThN = -1;
                int n;
                boolean stop;
                try {
                    if (whole) {
                        EventBatch e = b.whole;
                        n = k.decode(buf, pos, len, start, e.t(), e.x(), e.y(), e.p(), 0, BLOCK, w, h);
                    } else {
                        if (workerScratch == null) {
                            workerScratch = new Scratch(BLOCK + k.spare());
                        }
                        Scratch scratch = workerScratch;
                        n = k.decode(buf, pos, len, start, scratch.t, scratch.x, scratch.y, scratch.p, 0, BLOCK, w, h);
                    }
                    RawKernel.countScalar(k.pos - pos);
                    pos = k.pos;
                    stop = k.stopped;
                } catch (EventFormatException e) {
                    // the caller decodes from this call's start and raises the error itself
                    k.restore(before);
                    n = 0;
                    stop = true;
                }
                if (!whole) {
                    pack(workerScratch, n, b);
                }
                b.isWhole = whole;
                b.n = n;
                b.read = 0;
                b.skipped = k.skipped - skipped0;
                b.thSplit = k.firstThN;
                b.firstTh = k.firstTh;
                b.last = stop || pos >= len;
                if (b.last) {
                    c.atEnd = k.snapshot();
                    c.endPos = start + pos;
                } else {
                    if (b.end == null) {
                        b.end = k.newKernel();
                    }
                    b.end.restore(k);
                    b.endPos = start + pos;
                }
                if (stealForTest && j == 1) {
                    holdForTest(() -> c.published < 0);
                }
                if (prefetchForTest && b.last) {
                    int seen = prefetchPieces;
                    holdForTest(() -> prefetchPieces != seen);
                }
                if (!publish(c, j++) || b.last) {
                    return; // the caller took the rest over, or the chunk is done
                }
            }
        } catch (IOException e) {
            // a failed read: the caller reads and decodes this chunk itself
            finishEmpty(c, claim, announced, j, null);
        } catch (RuntimeException | Error e) {
            finishEmpty(c, claim, announced, j, e);
        }
    }

    /** Test hook: waits until {@code done} holds or a few ms pass (see {@link #stealForTest}). */
    private static void holdForTest(java.util.function.BooleanSupplier done) {
        long t0 = System.nanoTime();
        while (!done.getAsBoolean() && System.nanoTime() - t0 < 5_000_000L) {
            Thread.onSpinWait();
        }
    }

    /**
     * Stores the {@code n} events decoded into {@code s} in block {@code b}, the times as 16-bit
     * offsets from the first when they all fit, else as 32-bit offsets, else whole.
     */
    static void pack(Scratch s, int n, Block b) {
        b.packable();
        System.arraycopy(s.x, 0, b.x, 0, n);
        System.arraycopy(s.y, 0, b.y, 0, n);
        System.arraycopy(s.p, 0, b.p, 0, n);
        long[] times = s.t;
        long first = n > 0 ? times[0] : 0;
        long base = first + 0x8000;
        short[] t16 = b.t16;
        long misfit = 0;
        for (int i = 0; i < n; i++) {
            long d = times[i] - base;
            t16[i] = (short) d;
            misfit |= d - (short) d;
        }
        b.base = base;
        b.width = T16;
        if (misfit != 0) {
            packWider(times, n, first, b);
        }
    }

    /** The times of a block whose 16-bit offsets did not fit: 32-bit offsets, or whole. */
    private static void packWider(long[] times, int n, long first, Block b) {
        if (b.t32 == null) {
            b.t32 = new int[b.t16.length];
        }
        int[] t32 = b.t32;
        long misfit = 0;
        for (int i = 0; i < n; i++) {
            long d = times[i] - first;
            t32[i] = (int) d;
            misfit |= d - (int) d;
        }
        b.base = first;
        b.width = T32;
        if (misfit == 0) {
            INT_BLOCKS.incrementAndGet();
            return;
        }
        WIDE_BLOCKS.incrementAndGet();
        if (b.t == null) {
            b.t = new long[t32.length];
        }
        System.arraycopy(times, 0, b.t, 0, n);
        b.width = T64;
    }

    /**
     * Ends a chunk at its sync point, with a failure to rethrow or none: publishes an empty last
     * block, unless the caller has taken the chunk over (before its announcement: nothing is done;
     * after it: the publication, which waits for room in the pool as any block does, fails).
     *
     * @param j the chunk's blocks published so far
     */
    private void finishEmpty(Chunk c, long claim, boolean announced, int j, Throwable failure) {
        c.failure = failure;
        if (!announced && !MARK.compareAndSet(c, 3 * claim, 3 * claim + 1)) {
            return; // the caller took the chunk over
        }
        Block b = acquire(BLOCKS);
        if (b == null) {
            return;
        }
        b.n = 0;
        b.read = 0;
        b.skipped = 0;
        b.thSplit = -1;
        b.isWhole = false;
        b.last = true;
        c.atEnd = c.atSync;
        c.endPos = c.syncPos;
        publish(c, j);
    }

    /** The worker's read buffer for a chunk of {@code len} bytes (at most the largest worker chunk). */
    private byte[] workerBuffer(int len) {
        if (workerBuf.length < len) {
            workerBuf = new byte[Math.min(maxWorkerChunk, Math.max(len, 2 * workerBuf.length))];
        }
        return workerBuf;
    }

    /** The next free block once fewer than {@code ahead} are not consumed yet, or null once closed. */
    private Block acquire(int ahead) {
        long p = produced;
        int spins = 0;
        while (p - consumed >= ahead) {
            workerStalled = true;
            if (shutdown.closed) {
                return null;
            }
            if (spins++ < 2_000) {
                Thread.onSpinWait();
            } else {
                workerWaiting = true;
                if (p - consumed >= ahead && !shutdown.closed) {
                    LockSupport.parkNanos(this, 1_000_000);
                }
                workerWaiting = false;
            }
        }
        return shutdown.closed ? null : ring[(int) (p % BLOCKS)];
    }

    /**
     * Publishes block {@code j} of chunk {@code c} (the next block of the pool), unless the caller has
     * taken the rest of the chunk over.
     *
     * @return false when the caller has taken it over: the worker drops the block
     */
    private boolean publish(Chunk c, int j) {
        if (!PUBLISHED.compareAndSet(c, j, j + 1)) {
            return false;
        }
        produced = produced + 1;
        return true;
    }

    /**
     * Ends the worker and waits for it; then, the first time, gives the decoder's memory back to the
     * {@link Recycler}: the batches it lent are not to be used after this.
     */
    @Override
    public void close() {
        cleanable.clean();
        Thread t = worker;
        if (t == Thread.currentThread()) {
            return;
        }
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!closed) {
            closed = true;
            // the worker has ended (join): what it made is seen here
            Buffers b = buffers;
            b.workerBuf = workerBuf;
            b.workerScratch = workerScratch;
            for (Block k : b.ring) {
                k.end = null; // a state of this file's format
            }
            Recycler.give(b, Buffers.class, b.capacity, b.bytes());
        }
    }
}
