package org.leinao.engine.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads of one simulator, started by its parallel build and reused by every
 * {@link Simulator#run} call. Creating threads per call cost ≈ 0.4 ms per call (thread start, first placement on a
 * core), which dominated closed-loop use such as a thousand {@code run(1 ms)} calls. Between
 * calls a worker spins briefly for the next task, then parks; the threads are daemons, so a
 * simulator that is never closed does not keep the JVM alive.
 */
final class WorkerPool implements AutoCloseable {
    /** How long an idle worker spins for the next task before parking. */
    private static final long SPIN_NANOS = 50_000;

    private final Thread[] threads;
    private volatile int generation;
    private volatile IntConsumer task;
    private volatile boolean closed;
    private final AtomicInteger running = new AtomicInteger();
    private volatile Thread caller;
    /** Failures of the current task by party; the lowest party's is rethrown. */
    private final Throwable[] failures;

    /** Starts {@code parties - 1} worker threads (the caller is party 0). */
    WorkerPool(int parties) {
        threads = new Thread[parties];
        failures = new Throwable[parties];
        for (int k = 1; k < parties; k++) {
            final int id = k;
            threads[k] = Thread.ofPlatform().daemon().name("leinao-worker-" + k).start(() -> serve(id));
        }
    }

    /** Runs {@code task.accept(k)} for every party k, 0 on the calling thread; returns when all are done. */
    void execute(IntConsumer task) {
        if (closed) {
            throw new IllegalStateException("the simulator is closed");
        }
        int others = threads.length - 1;
        this.task = task;
        this.caller = Thread.currentThread();
        running.set(others);
        generation++; // publishes task: workers read it after seeing the new generation
        for (int k = 1; k < threads.length; k++) {
            LockSupport.unpark(threads[k]);
        }
        try {
            task.accept(0);
        } catch (Throwable e) {
            failures[0] = e;
        }
        long start = System.nanoTime();
        while (running.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
        this.task = null;
        for (int k = 0; k < failures.length; k++) {
            Throwable f = failures[k];
            if (f != null) {
                java.util.Arrays.fill(failures, null);
                rethrow(f);
            }
        }
    }

    /** Throws {@code e} as it is when unchecked, else wrapped. */
    static void rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }

    private void serve(int k) {
        int seen = 0;
        while (true) {
            long start = System.nanoTime();
            while (generation == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                task.accept(k);
            } catch (Throwable e) {
                failures[k] = e;
            } finally {
                if (running.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        closed = true;
        for (int k = 1; k < threads.length; k++) {
            LockSupport.unpark(threads[k]);
        }
    }
}
