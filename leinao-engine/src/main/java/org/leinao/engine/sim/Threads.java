package org.leinao.engine.sim;

/**
 * The number of worker threads of a simulation. Results do not depend on it (ARCHITECTURE.md §5).
 *
 * @param count number of threads, ≥ 1
 */
public record Threads(int count) {
    /** Validates the count. */
    public Threads {
        if (count < 1) {
            throw new IllegalArgumentException("threads: expected an integer >= 1, got " + count);
        }
    }

    /** A fixed number of threads. */
    public static Threads of(int count) {
        return new Threads(count);
    }

    /** One thread per available processor. */
    public static Threads available() {
        return new Threads(Runtime.getRuntime().availableProcessors());
    }
}
