package org.leinao.engine.sim;

/** Receives progress during {@link Simulator#run}, on a worker thread; must return quickly. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param stepsDone steps completed in this run
     * @param stepsTotal steps of this run
     */
    void onProgress(long stepsDone, long stepsTotal);
}
