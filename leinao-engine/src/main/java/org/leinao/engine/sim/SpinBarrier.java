package org.leinao.engine.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for the few worker threads of a simulation. Slices can be as short as one
 * step (0.1 ms of biological time), so waiting must cost far less than a park/unpark round trip:
 * waiters spin first, then yield, then park briefly. A failing worker aborts the barrier so the
 * others do not wait forever.
 */
final class SpinBarrier {
    private final int parties;
    private final int spinLimit;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private volatile Throwable failure;

    SpinBarrier(int parties) {
        this.parties = parties;
        // Spin long only when every party has a core of its own; with more threads than cores a
        // spinning waiter would keep the thread it waits for off the CPU.
        this.spinLimit = parties <= Runtime.getRuntime().availableProcessors() ? 100_000 : 50;
    }

    /** Waits until every party has arrived; throws {@link Aborted} if another party failed. */
    void await() {
        int g = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = g + 1;
            return;
        }
        int spins = 0;
        while (generation == g) {
            if (failure != null) {
                throw new Aborted();
            }
            spins++;
            if (spins < spinLimit) {
                Thread.onSpinWait();
            } else if (spins < 2 * spinLimit) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    /** Records a failure and releases every waiter. */
    void abort(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    /** The first failure, or null. */
    Throwable failure() {
        return failure;
    }

    /** Thrown in waiting parties when another party failed. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("simulation aborted by another thread", null, false, false);
        }
    }
}
