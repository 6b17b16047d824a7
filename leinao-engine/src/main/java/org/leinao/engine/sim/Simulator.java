package org.leinao.engine.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.leinao.engine.connect.IntBuffer;
import org.leinao.engine.record.DoubleList;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.RecorderSpec;
import org.leinao.engine.spec.TimeGrid;
import org.leinao.engine.synapse.Connections;
import org.leinao.engine.synapse.SynapseTable;
import org.leinao.engine.synapse.SynapseTableBuilder;

/**
 * Simulates a compiled network. Creation validates the spec and compiles it into flat arrays on
 * every worker thread in parallel (neurons, synapses, stimuli); {@link #run} advances the clock in
 * slices of {@code minDelay} steps with one barrier per slice (ARCHITECTURE.md §4), and may be
 * called repeatedly to continue (cheaply: the worker threads started by the first run live until
 * {@link #close}, and recordings are merged incrementally). Same spec and seed give bit-identical
 * results on any thread count.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.create(spec, Threads.of(2))) {
 *     Result r = sim.run(1000.0);
 *     double rate = r.rate("exc");
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {
    private final NetworkSpec spec;
    private final Partition part;
    private final Worker[] workers;
    private final int minDelay;
    private final int maxDelay;
    private final double buildSeconds;
    private final List<SliceListener> sliceListeners = new ArrayList<>();
    private ProgressListener progress;
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    /** Worker threads 1..t-1, started by the parallel build and reused by every run. */
    private WorkerPool pool;
    private long step;
    private int parity;
    /** The failure of an earlier run, after which the state is inconsistent; null if none. */
    private Throwable failure;
    private boolean closed;
    private int[] hookSteps = new int[0];
    private int[] hookGids = new int[0];

    private Simulator(NetworkSpec spec, Threads threads) {
        this(spec, threads, deliveryFromProperty());
    }

    /**
     * Checks the system property {@code leinao.delivery} ({@code auto}, the default, {@code ring}
     * or {@code queue}): a knob for measurements, as the modes give the same results (see
     * {@code Worker.prepare}). Front ends call this at start-up to report a bad value as a user
     * error rather than at the first network.
     *
     * @throws IllegalArgumentException naming the property, the values allowed and the value found
     */
    public static void checkDeliveryProperty() {
        deliveryFromProperty();
    }

    private static Worker.Delivery deliveryFromProperty() {
        String v = System.getProperty("leinao.delivery", "auto");
        return switch (v) {
            case "auto" -> Worker.Delivery.AUTO;
            case "ring" -> Worker.Delivery.RING;
            case "queue" -> Worker.Delivery.QUEUE;
            default -> throw new IllegalArgumentException(
                    "system property leinao.delivery: expected auto, ring or queue, got '" + v + "'");
        };
    }

    /** Compiles {@code spec} for the given threads with spikes delivered as {@code delivery} says. */
    static Simulator create(NetworkSpec spec, Threads threads, Worker.Delivery delivery) {
        return new Simulator(spec, threads, delivery);
    }

    /** Whether worker k delivers spikes at arrival through a spike queue (else through rings). */
    boolean queued(int k) {
        return workers[k].queued();
    }

    private Simulator(NetworkSpec spec, Threads threads, Worker.Delivery delivery) {
        long t0 = System.nanoTime();
        this.spec = spec.validated();
        int t = threads.count();
        this.part = new Partition(spec.populations(), t);
        this.workers = new Worker[t];
        // Splits of fixed_total_number projections are global draws: compute each once, in parallel.
        int nProj = spec.projections().size();
        int[][] splits = new int[nProj][];
        parallel(k -> {
            for (int j = k; j < nProj; j += t) {
                splits[j] = SynapseTableBuilder.totalSplit(spec, j);
            }
        });
        parallel(k -> workers[k] = new Worker(spec, part, k, splits));
        int minD = Integer.MAX_VALUE;
        int maxD = 0;
        for (Worker w : workers) {
            minD = Math.min(minD, w.table.minDelay());
            maxD = Math.max(maxD, w.table.maxDelay());
        }
        if (minD == Integer.MAX_VALUE) {
            // No synapses: nothing to exchange, so slices can be long.
            minD = 10;
            maxD = 10;
        }
        this.minDelay = minD;
        this.maxDelay = maxD;
        // On each worker's own thread: its buffers are then first touched, and allocated, apart from
        // the other workers' (no cache line shared between two threads' queues or inputs).
        parallel(k -> workers[k].prepare(minDelay, maxDelay, delivery));
        int pops = part.populations();
        mergedSteps = new IntBuffer[pops];
        mergedIds = new IntBuffer[pops];
        mergedCounts = new IntBuffer[pops];
        logPos = new int[pops][t];
        for (int p = 0; p < pops; p++) {
            mergedSteps[p] = new IntBuffer(16);
            mergedIds[p] = new IntBuffer(16);
            mergedCounts[p] = new IntBuffer(1024);
        }
        this.buildSeconds = (System.nanoTime() - t0) * 1e-9;
    }

    /** Compiles {@code spec} for one thread. Throws {@code SpecException} listing every problem. */
    public static Simulator create(NetworkSpec spec) {
        return new Simulator(spec, Threads.of(1));
    }

    /** Compiles {@code spec} for the given number of threads. */
    public static Simulator create(NetworkSpec spec, Threads threads) {
        return new Simulator(spec, threads);
    }

    /** Runs {@code task.accept(k)} for every worker index k, on the worker threads. */
    private void parallel(IntConsumer task) {
        if (workers.length == 1) {
            task.accept(0);
            return;
        }
        if (pool == null) {
            pool = new WorkerPool(workers.length);
            // A simulator dropped without close() still lets its parked threads end.
            CLEANER.register(this, pool::close);
        }
        pool.execute(task);
    }

    /** The specification being simulated. */
    public NetworkSpec spec() {
        return spec;
    }

    /** Number of worker threads. */
    public int threads() {
        return workers.length;
    }

    /** Steps simulated so far. */
    public long currentStep() {
        return step;
    }

    /** Biological time simulated so far, in ms. */
    public double time() {
        return step * spec.dt();
    }

    /** Seconds spent compiling the network. */
    public double buildSeconds() {
        return buildSeconds;
    }

    /** Smallest synaptic delay in steps (the slice length). */
    public int minDelaySteps() {
        return minDelay;
    }

    /** Largest synaptic delay in steps. */
    public int maxDelaySteps() {
        return maxDelay;
    }

    /** Number of synapses. */
    public long synapseCount() {
        long n = 0;
        for (Worker w : workers) {
            n += w.table.size();
        }
        return n;
    }

    /**
     * Every synapse as (source gid, target gid, weight, delay), sorted by source, target and
     * creation order. Allocates arrays for all synapses: meant for inspection and tests.
     */
    public Connections connections() {
        int n = (int) synapseCount();
        int[] src = new int[n];
        int[] tgt = new int[n];
        float[] w = new float[n];
        int[] d = new int[n];
        int c = 0;
        int nGlobal = part.neurons();
        int[][] maps = new int[workers.length][];
        for (int k = 0; k < workers.length; k++) {
            maps[k] = gidOfLocal(k);
        }
        for (int g = 0; g < nGlobal; g++) {
            int first = c;
            for (Worker wk : workers) {
                int[] gidOfLocal = maps[wk.k];
                SynapseTable t = wk.table;
                t.rowDelays(g, d, c);
                for (int i = t.rowStart(g); i < t.rowEnd(g); i++) {
                    src[c] = g;
                    tgt[c] = gidOfLocal[t.target(i)];
                    w[c++] = t.weight(i);
                }
            }
            sortRow(first, c, tgt, w, d);
        }
        return new Connections(src, tgt, w, d);
    }

    private int[] gidOfLocal(int k) {
        int[] map = new int[part.localCount(k)];
        for (int p = 0; p < part.populations(); p++) {
            for (int g = part.chunkStart(p, k); g < part.chunkEnd(p, k); g++) {
                map[part.localIndex(k, p, g)] = g;
            }
        }
        return map;
    }

    /** Sorts one row by target gid, keeping creation order among equal targets. */
    private static void sortRow(int from, int to, int[] tgt, float[] w, int[] d) {
        int m = to - from;
        if (m < 2) {
            return;
        }
        long[] key = new long[m];
        for (int i = 0; i < m; i++) {
            key[i] = ((long) tgt[from + i] << 32) | i;
        }
        java.util.Arrays.sort(key);
        int[] t2 = new int[m];
        float[] w2 = new float[m];
        int[] d2 = new int[m];
        for (int i = 0; i < m; i++) {
            int j = from + (int) key[i];
            t2[i] = tgt[j];
            w2[i] = w[j];
            d2[i] = d[j];
        }
        System.arraycopy(t2, 0, tgt, from, m);
        System.arraycopy(w2, 0, w, from, m);
        System.arraycopy(d2, 0, d, from, m);
    }

    /** Heap bytes of the synapse tables. */
    public long synapseBytes() {
        long b = 0;
        for (Worker w : workers) {
            b += w.table.bytes();
        }
        return b;
    }

    /** Heap bytes of the synaptic input buffers and spike queues. */
    public long inputBytes() {
        long b = 0;
        for (Worker w : workers) {
            b += w.inputBytes();
        }
        return b;
    }

    /**
     * Wall time each worker thread spent in each phase of the slice loop, in seconds, summed over
     * the runs since {@link #measurePhases} was switched on: updating its neurons and stimuli,
     * waiting at the barrier for the slowest thread, and delivering spikes: queueing each slice's spikes
     * and adding the synapses arriving at each step into its neurons' input (thread 0 also calls the
     * slice listeners in that phase). {@code queued[k]} tells whether thread k delivers spikes at
     * arrival through a spike queue (else at emission into ring buffers; both give the same results).
     * {@code sliceUpdate[k]} holds the 10th, 50th and 90th percentiles of thread k's update phase per
     * slice, in µs (queue drain included; within 3 %): a thread on a slower core is slower in every
     * slice, one that loses its core now and then has a long tail.
     */
    public record PhaseTimes(double[] update, double[] barrier, double[] deliver, boolean[] queued,
            double[][] sliceUpdate) {
    }

    private volatile long[] phaseNanos;
    /** Per thread: counts of update-phase durations per slice, in {@link #SUB} buckets per octave of ns. */
    private volatile long[][] sliceHist;
    private static final int SUB = 16;

    /** Switches the per-thread phase clock on (three {@code nanoTime} calls per slice) or off. */
    public void measurePhases(boolean on) {
        sliceHist = on ? new long[workers.length][64 * SUB] : null;
        phaseNanos = on ? new long[3 * workers.length * 8] : null;
        for (Worker w : workers) {
            w.drainNanos = on ? 0 : -1;
        }
    }

    /** The phase times since {@link #measurePhases} was switched on, or null when it is off. */
    public PhaseTimes phaseTimes() {
        long[] pn = phaseNanos;
        if (pn == null) {
            return null;
        }
        int t = workers.length;
        double[][] r = new double[3][t];
        boolean[] queued = new boolean[t];
        for (int k = 0; k < t; k++) {
            for (int q = 0; q < 3; q++) {
                // Each thread's counters sit 8 longs apart (own cache line).
                r[q][k] = pn[k * 24 + q] * 1e-9;
            }
            // Draining the spike queue happens inside the update loop but is delivery.
            double drain = Math.max(0, workers[k].drainNanos) * 1e-9;
            r[0][k] -= drain;
            r[2][k] += drain;
            queued[k] = workers[k].queued();
        }
        long[][] hist = sliceHist;
        double[][] slice = new double[t][];
        for (int k = 0; k < t; k++) {
            slice[k] = new double[] {quantile(hist[k], 0.1), quantile(hist[k], 0.5), quantile(hist[k], 0.9)};
        }
        return new PhaseTimes(r[0], r[1], r[2], queued, slice);
    }

    /** Histogram bucket of a duration: octave of the nanoseconds, then the next 4 bits below its top bit. */
    static int bucket(long nanos) {
        long v = Math.max(SUB, nanos);
        int e = 63 - Long.numberOfLeadingZeros(v);
        return e * SUB + (int) ((v >>> (e - 4)) & (SUB - 1));
    }

    /** The q-quantile of a histogram, in µs: the middle of its bucket; 0 when empty. */
    static double quantile(long[] hist, double q) {
        long n = 0;
        for (long c : hist) {
            n += c;
        }
        if (n == 0) {
            return 0;
        }
        long want = (long) Math.ceil(q * n);
        long seen = 0;
        for (int b = 0; b < hist.length; b++) {
            seen += hist[b];
            if (seen >= Math.max(1, want)) {
                return Math.scalb(1.0 + (b % SUB + 0.5) / SUB, b / SUB) * 1e-3;
            }
        }
        return 0;
    }

    /** Sets a listener told about progress during {@link #run} (null to remove). */
    public void setProgressListener(ProgressListener listener) {
        this.progress = listener;
    }

    /** Adds a hook called at every slice barrier with the slice's spikes. */
    public void addSliceListener(SliceListener listener) {
        sliceListeners.add(listener);
    }

    /**
     * Simulates {@code durationMs} more milliseconds (rounded to whole steps) and returns
     * everything recorded since the start.
     */
    public Result run(double durationMs) {
        if (!(durationMs >= 0) || Double.isInfinite(durationMs)) {
            throw new IllegalArgumentException("duration: expected a finite time >= 0 ms, got " + durationMs);
        }
        long steps = TimeGrid.steps(durationMs, spec.dt());
        if (!TimeGrid.onGrid(durationMs, spec.dt())) {
            // As NEST: simulated time must be a whole number of steps.
            throw new IllegalArgumentException("duration: expected a multiple of the resolution " + spec.dt()
                    + " ms, got " + durationMs + " ms");
        }
        if (step + steps > Integer.MAX_VALUE - 65536) {
            throw new IllegalArgumentException("duration: at most " + (Integer.MAX_VALUE - 65536)
                    + " steps in total, asked for " + (step + steps));
        }
        if (closed) {
            throw new IllegalStateException("run: the simulator is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("run: the simulation failed and cannot be continued (" + failure + ")");
        }
        int start = (int) step;
        int end = (int) (step + steps);
        int t = workers.length;
        try {
            if (t == 1) {
                loop(0, start, end, null);
            } else {
                SpinBarrier barrier = new SpinBarrier(t);
                parallel(k -> loop(k, start, end, barrier));
                if (barrier.failure() != null) {
                    WorkerPool.rethrow(barrier.failure());
                }
            }
        } catch (RuntimeException | Error e) {
            // Threads stopped at different steps: the state is no longer that of any one time.
            failure = e;
            throw e;
        }
        int slices = (int) ((steps + minDelay - 1) / minDelay);
        parity ^= slices & 1;
        step = end;
        return result();
    }

    private void loop(int k, int start, int end, SpinBarrier barrier) {
        Worker w = workers[k];
        int buf = parity;
        long total = end - start;
        long lastReport = System.nanoTime();
        final long[] clock = phaseNanos;
        final long[] hist = clock == null ? null : sliceHist[k];
        final int at = k * 24;
        try {
            for (int s0 = start; s0 < end; s0 += minDelay) {
                int len = Math.min(minDelay, end - s0);
                long t0 = clock == null ? 0 : System.nanoTime();
                w.update(s0, len, buf);
                long t1 = clock == null ? 0 : System.nanoTime();
                if (barrier != null) {
                    barrier.await();
                }
                if (clock != null) {
                    long t2 = System.nanoTime();
                    clock[at] += t1 - t0;
                    hist[bucket(t1 - t0)]++;
                    clock[at + 1] += t2 - t1;
                    clock[at + 2] -= t2; // + end of delivery, below
                }
                if (k == 0) {
                    if (!sliceListeners.isEmpty()) {
                        notifySlice(s0, len, buf);
                    }
                    if (progress != null && System.nanoTime() - lastReport > 100_000_000L) {
                        lastReport = System.nanoTime();
                        progress.onProgress(s0 + len - start, total);
                    }
                }
                w.deliver(s0, len, buf, workers);
                if (clock != null) {
                    clock[at + 2] += System.nanoTime();
                }
                buf ^= 1;
            }
            if (k == 0 && progress != null) {
                progress.onProgress(total, total);
            }
        } catch (SpinBarrier.Aborted e) {
            // Another worker failed; its exception is reported by run().
        } catch (Throwable e) {
            if (barrier == null) {
                WorkerPool.rethrow(e);
            }
            barrier.abort(e);
        }
    }

    private void notifySlice(int s0, int len, int buf) {
        int pops = part.populations();
        int n = 0;
        for (Worker w : workers) {
            n += w.segEnd[buf][len * pops - 1];
        }
        if (hookSteps.length < n) {
            hookSteps = new int[n];
            hookGids = new int[n];
        }
        int c = 0;
        for (int s = 0; s < len; s++) {
            for (int p = 0; p < pops; p++) {
                int idx = s * pops + p;
                for (Worker w : workers) {
                    int from = idx == 0 ? 0 : w.segEnd[buf][idx - 1];
                    int to = w.segEnd[buf][idx];
                    for (int i = from; i < to; i++) {
                        hookSteps[c] = s0 + s;
                        hookGids[c++] = w.spk[buf][i];
                    }
                }
            }
        }
        for (SliceListener l : sliceListeners) {
            l.onSlice(s0, len, hookSteps, hookGids, c);
        }
    }

    /** Everything recorded so far. */
    public Result result() {
        int pops = part.populations();
        Map<String, SpikeTrains> spikes = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int p = 0; p < pops; p++) {
            String name = spec.populations().get(p).name();
            sizes.put(name, part.popSize(p));
            counts.put(name, mergeCounts(p));
            if (workers[0].spikeLogs[p] != null) {
                spikes.put(name, mergeSpikes(name, p));
            }
        }
        Map<String, StateTrace> states = new LinkedHashMap<>();
        for (int r = 0; r < spec.recorders().size(); r++) {
            if (spec.recorders().get(r) instanceof RecorderSpec.State st) {
                mergeState(r, st, states);
            }
        }
        return new Result(spec.dt(), step, spikes, states, counts, sizes);
    }

    /**
     * Merged spikes and counts so far, per population, extended by each {@link #result} with what
     * the threads logged since (new spikes all come later than merged ones), so that many short
     * {@link #run} calls cost time proportional to what they add, not to all that was recorded.
     */
    private final IntBuffer[] mergedSteps;
    private final IntBuffer[] mergedIds;
    private final int[][] logPos;
    private final IntBuffer[] mergedCounts;

    private int[] mergeCounts(int p) {
        IntBuffer merged = mergedCounts[p];
        for (int i = merged.size(); i < step; i++) {
            int c = 0;
            for (Worker w : workers) {
                c += w.counts[p].get(i);
            }
            merged.add(c);
        }
        return merged.toArray();
    }

    /** Merges the threads' spike logs of population p into canonical (step, neuron) order. */
    private SpikeTrains mergeSpikes(String name, int p) {
        IntBuffer steps = mergedSteps[p];
        IntBuffer ids = mergedIds[p];
        int[] pos = logPos[p];
        while (true) {
            // Next step among the threads' logs; within a step, threads in order give increasing ids.
            int minStep = Integer.MAX_VALUE;
            for (int k = 0; k < workers.length; k++) {
                IntBuffer st = workers[k].spikeLogs[p].steps;
                if (pos[k] < st.size()) {
                    minStep = Math.min(minStep, st.get(pos[k]));
                }
            }
            if (minStep == Integer.MAX_VALUE) {
                break;
            }
            for (int k = 0; k < workers.length; k++) {
                Worker.SpikeLog log = workers[k].spikeLogs[p];
                while (pos[k] < log.steps.size() && log.steps.get(pos[k]) == minStep) {
                    steps.add(minStep);
                    ids.add(log.ids.get(pos[k]++));
                }
            }
        }
        return new SpikeTrains(name, part.popSize(p), spec.dt(), steps.toArray(), ids.toArray());
    }

    /** Merged state samples so far, per recorder and variable (row-major: sample, neuron). */
    private final Map<String, DoubleList> mergedStates = new java.util.HashMap<>();

    private void mergeState(int r, RecorderSpec.State st, Map<String, StateTrace> states) {
        int p = spec.populationIndex(st.population());
        int[] neurons = Worker.recordedNeurons(st.neurons(), part.popSize(p));
        int interval = (int) Math.round(st.interval() / spec.dt());
        double intervalMs = SpikeTrains.ms(interval, spec.dt());
        int samples = (int) (step / interval);
        for (int v = 0; v < st.variables().size(); v++) {
            DoubleList merged = mergedStates.computeIfAbsent(r + "/" + v, key -> new DoubleList());
            // Extend by the samples taken since the last merge only.
            for (int t = merged.size() / Math.max(1, neurons.length); t < samples && neurons.length > 0; t++) {
                for (Worker w : workers) {
                    for (Worker.StateProbe pr : w.probes) {
                        if (pr.recorder != r) {
                            continue;
                        }
                        int m = pr.blockIndex.length;
                        DoubleList dl = pr.values[v];
                        for (int j = 0; j < m; j++) {
                            merged.add(dl.get(t * m + j));
                        }
                    }
                }
            }
            double[] values = java.util.Arrays.copyOf(merged.array(), samples * neurons.length);
            String var = st.variables().get(v);
            states.put(st.population() + "/" + var,
                    new StateTrace(st.population(), var, intervalMs, intervalMs, neurons, values));
        }
    }

    /** Stops the worker threads; {@link #run} is refused afterwards. Recorded results stay readable. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
