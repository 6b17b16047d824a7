package org.leinao.events.io;

import java.lang.ref.SoftReference;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.leinao.events.EventBatch;

/**
 * The large buffers of closed readers (read buffers, batches, a two-thread decoder's blocks), kept
 * for the next reader of this JVM to take instead of allocating its own.
 *
 * <p>Why: a reader's buffers are a few MB of fresh heap each time a file is opened, and on a VM the
 * first touch of fresh memory is a page fault per 4 KiB page. On the project's 2-vCPU KVM guest the
 * two-thread EVT 3.0 reader spent 10-20 ms of a 70-90 ms pass in those faults in about half the
 * JVMs (docs/events-throughput.md, seventeenth pass); a program that opens many files (a dataset of
 * N-MNIST samples) pays the zeroing of each reader's 1 MiB buffer too. The same idea as Jackson's
 * {@code BufferRecycler} and Netty's pooled buffers, kept small: whole objects keyed by type and
 * size, at most {@link #PER_KEY} per key, at most {@link #budget()} bytes in all, each softly
 * referenced so that a JVM short of memory drops them rather than fail.
 *
 * <p>A buffer given back must not be used by its giver again: readers give theirs back on
 * {@link AutoCloseable#close}, once, after any thread of theirs has ended.
 */
public final class Recycler {

    /** Buffers kept per type and size: enough for a reader or two open at once. */
    static final int PER_KEY = 4;

    private record Key(Class<?> type, long size) {
    }

    private record Entry(SoftReference<Object> ref, long bytes) {
    }

    /** Per key, the newest first: the next reader takes the buffer used last, the likeliest in cache. */
    private static final Map<Key, Deque<Entry>> POOL = new ConcurrentHashMap<>();
    private static final AtomicLong KEPT = new AtomicLong();
    private static final long BUDGET = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16);

    private Recycler() {
    }

    /** The most bytes kept at once: 32 MiB, or a sixteenth of the maximum heap when that is less. */
    public static long budget() {
        return BUDGET;
    }

    /**
     * A byte array of exactly {@code length} bytes: one a closed reader gave back, holding what that
     * reader left in it, or a new one.
     */
    public static byte[] bytes(int length) {
        byte[] a = take(byte[].class, length);
        return a != null ? a : new byte[length];
    }

    /** Keeps {@code a} for a later {@link #bytes}; its content is not cleared. */
    public static void giveBack(byte[] a) {
        give(a, byte[].class, a.length, a.length);
    }

    /** A batch of exactly {@code capacity} events (size 0), given back by a closed reader or new. */
    public static EventBatch batch(int capacity) {
        EventBatch b = take(EventBatch.class, capacity);
        if (b == null) {
            return new EventBatch(capacity);
        }
        b.clear();
        return b;
    }

    /** Keeps {@code b} for a later {@link #batch}. */
    public static void giveBack(EventBatch b) {
        give(b, EventBatch.class, b.capacity(), (long) EventBatch.BYTES_PER_EVENT * b.capacity());
    }

    /**
     * An object of {@code type} that a closed reader gave back with {@code size} (what makes two
     * of them interchangeable, for example a capacity), or null when none is kept.
     */
    public static <T> T take(Class<T> type, long size) {
        Deque<Entry> q = POOL.get(new Key(type, size));
        if (q == null) {
            return null;
        }
        for (Entry e; (e = q.pollFirst()) != null; ) {
            KEPT.addAndGet(-e.bytes());
            Object o = e.ref().get();
            if (o != null) {
                return type.cast(o);
            }
        }
        return null;
    }

    /**
     * Keeps {@code o}, of about {@code bytes} bytes, for a later {@link #take} of {@code type} and
     * {@code size}, first in line. To make room it drops the oldest kept for the same type and size
     * (beyond {@link #PER_KEY}, or while the budget is spent); when that is not enough, {@code o} is
     * not kept.
     */
    public static void give(Object o, Class<?> type, long size, long bytes) {
        Deque<Entry> q = POOL.computeIfAbsent(new Key(type, size), k -> new ConcurrentLinkedDeque<>());
        while (q.size() >= PER_KEY && dropOldest(q)) {
            // made room
        }
        if (!reserve(bytes)) {
            // entries the collector has emptied still count until dropped
            sweep();
            while (!reserve(bytes)) {
                if (!dropOldest(q)) {
                    return;
                }
            }
        }
        q.offerFirst(new Entry(new SoftReference<>(o), bytes));
    }

    /** Drops the oldest entry of {@code q}; false when it had none. */
    private static boolean dropOldest(Deque<Entry> q) {
        Entry e = q.pollLast();
        if (e == null) {
            return false;
        }
        KEPT.addAndGet(-e.bytes());
        return true;
    }

    /** Counts {@code bytes} as kept, unless that would pass the budget. */
    private static boolean reserve(long bytes) {
        if (KEPT.addAndGet(bytes) > BUDGET) {
            KEPT.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Drops the entries whose buffer the collector has cleared. */
    private static void sweep() {
        for (Deque<Entry> q : POOL.values()) {
            for (Entry e : q) {
                // counted off only by the thread that removes it (a take may poll it meanwhile)
                if (e.ref().refersTo(null) && q.remove(e)) {
                    KEPT.addAndGet(-e.bytes());
                }
            }
        }
    }

    /** Drops every kept buffer, for a program that wants the memory back before a phase that needs it. */
    public static void clear() {
        for (Deque<Entry> q : POOL.values()) {
            while (dropOldest(q)) {
                // dropped
            }
        }
    }

    /** Bytes kept now (tests). */
    static long kept() {
        return KEPT.get();
    }
}
