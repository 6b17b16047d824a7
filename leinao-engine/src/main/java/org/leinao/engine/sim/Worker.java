package org.leinao.engine.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.leinao.engine.connect.IntBuffer;
import org.leinao.engine.neuron.NeuronBlock;
import org.leinao.engine.neuron.NumericalInstabilityException;
import org.leinao.engine.neuron.ParamDef;
import org.leinao.engine.random.Purpose;
import org.leinao.engine.random.RandomStream;
import org.leinao.engine.record.DoubleList;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.PopulationSpec;
import org.leinao.engine.spec.RecorderSpec;
import org.leinao.engine.spec.Stimulus;
import org.leinao.engine.spec.StimulusSpec;
import org.leinao.engine.stim.CurrentInput;
import org.leinao.engine.stim.PoissonInput;
import org.leinao.engine.stim.SpikeTimeInput;
import org.leinao.engine.synapse.SpikeQueue;
import org.leinao.engine.synapse.SynapseTable;
import org.leinao.engine.synapse.SynapseTableBuilder;

/**
 * Everything one thread owns: its neurons (one block per population), the synapses onto them, its
 * ring buffers, its stimulus inputs and its share of the recordings. Only this thread writes
 * these; other threads read its spike buffer of the previous slice (double-buffered).
 */
final class Worker {
    final int k;
    private final Partition part;
    private final int pops;
    final int nLocal;
    final NeuronBlock[] blocks;
    private final int[] blockOffset;
    private final String[] popNames;
    final SynapseTable table;
    /**
     * Synaptic input per local neuron, excitatory and inhibitory: one step's worth when spikes are
     * delivered at arrival ({@link #queue}), else ring buffers with one plane per delay slot.
     */
    private double[] inputEx;
    private double[] inputIn;
    /** Ring-buffer mode: slots - 1 (a power of two minus one); 0 in queue mode. */
    private int mask;
    /** Queue mode: the spikes still to arrive; null in ring-buffer mode. */
    private SpikeQueue queue;
    /** When profiling: nanoseconds spent draining the spike queue, added up. */
    long drainNanos = -1;
    private final double[] iStim;
    private final CurrentInput[] currents;
    private final PoissonInput[] poissons;
    private final SpikeTimeInput[] spikeInputs;
    /** Spike gids of the current and previous slice, indexed by slice parity. */
    final int[][] spk = new int[2][];
    /** segEnd[parity][s * pops + p]: end of the spikes of step s, population p. */
    final int[][] segEnd = new int[2][];
    final SpikeLog[] spikeLogs;
    final IntBuffer[] counts;
    final List<StateProbe> probes = new ArrayList<>();

    /** Spikes of one population recorded by this thread. */
    static final class SpikeLog {
        final boolean[] include;
        final IntBuffer steps = new IntBuffer(1024);
        final IntBuffer ids = new IntBuffer(1024);

        SpikeLog(boolean[] include) {
            this.include = include;
        }
    }

    /** One state recorder's neurons owned by this thread. */
    static final class StateProbe {
        final int recorder;
        final int interval;
        final int[] blockIndex;
        final double[][] vars;
        final DoubleList[] values;

        StateProbe(int recorder, int interval, int[] blockIndex, double[][] vars) {
            this.recorder = recorder;
            this.interval = interval;
            this.blockIndex = blockIndex;
            this.vars = vars;
            this.values = new DoubleList[vars.length];
            for (int v = 0; v < vars.length; v++) {
                values[v] = new DoubleList();
            }
        }
    }

    Worker(NetworkSpec spec, Partition part, int k, int[][] splits) {
        this.k = k;
        this.part = part;
        this.pops = part.populations();
        this.nLocal = part.localCount(k);
        double dt = spec.dt();
        blocks = new NeuronBlock[pops];
        blockOffset = new int[pops];
        popNames = new String[pops];
        for (int p = 0; p < pops; p++) {
            PopulationSpec ps = spec.populations().get(p);
            int n = part.chunkEnd(p, k) - part.chunkStart(p, k);
            blocks[p] = ps.model().newBlock(n, dt);
            popNames[p] = ps.name();
            blockOffset[p] = part.localOffset(k, p);
            initialise(spec, p, ps);
        }
        table = new SynapseTableBuilder(spec, part, k, splits).build();

        List<CurrentInput> cur = new ArrayList<>();
        List<PoissonInput> poi = new ArrayList<>();
        List<SpikeTimeInput> sti = new ArrayList<>();
        for (int j = 0; j < spec.stimuli().size(); j++) {
            StimulusSpec st = spec.stimuli().get(j);
            IntBuffer local = new IntBuffer(16);
            IntBuffer gids = new IntBuffer(16);
            IntBuffer index = new IntBuffer(16);
            int base = 0;
            for (String t : st.targets()) {
                int p = spec.populationIndex(t);
                for (int g = part.chunkStart(p, k); g < part.chunkEnd(p, k); g++) {
                    local.add(part.localIndex(k, p, g));
                    gids.add(g);
                    index.add(base + g - part.popOffset(p));
                }
                base += part.popSize(p);
            }
            Stimulus dev = st.device();
            int delaySteps = (int) Math.max(1, Math.round(st.delay() / dt));
            // Parrots repeat every arriving spike whatever its weight (as connections into them do).
            boolean allParrots = true;
            for (String t : st.targets()) {
                allParrots &= spec.population(t).model().type() == org.leinao.engine.neuron.NeuronModels.PARROT;
            }
            double weight = allParrots ? 1.0 : st.weight();
            switch (dev) {
                case Stimulus.Dc _, Stimulus.StepCurrent _, Stimulus.NoiseCurrent _ ->
                        cur.add(new CurrentInput(j, spec.seed(), dev, local.toArray(), gids.toArray(), dt));
                case Stimulus.Poisson ps -> {
                    long start = Math.round(ps.start() / dt);
                    long[] change;
                    double[] rates;
                    if (Double.isInfinite(ps.stop())) {
                        change = new long[] {start};
                        rates = new double[] {ps.rate()};
                    } else {
                        change = new long[] {start, Math.round(ps.stop() / dt)};
                        rates = new double[] {ps.rate(), 0};
                    }
                    poi.add(new PoissonInput(j, spec.seed(), local.toArray(), gids.toArray(), weight, delaySteps,
                            change, rates, dt));
                }
                case Stimulus.InhomogeneousPoisson ip -> {
                    long[] change = new long[ip.times().length];
                    for (int i = 0; i < change.length; i++) {
                        change[i] = Math.round(ip.times()[i] / dt);
                    }
                    poi.add(new PoissonInput(j, spec.seed(), local.toArray(), gids.toArray(), weight, delaySteps,
                            change, ip.rates(), dt));
                }
                case Stimulus.SpikeTimes ts -> sti.add(spikeTimes(ts, local, index, delaySteps, weight, dt));
            }
        }
        currents = cur.toArray(new CurrentInput[0]);
        poissons = poi.toArray(new PoissonInput[0]);
        spikeInputs = sti.toArray(new SpikeTimeInput[0]);
        iStim = currents.length > 0 ? new double[nLocal] : null;

        spikeLogs = new SpikeLog[pops];
        counts = new IntBuffer[pops];
        for (int p = 0; p < pops; p++) {
            counts[p] = new IntBuffer(1024);
        }
        for (int r = 0; r < spec.recorders().size(); r++) {
            RecorderSpec rs = spec.recorders().get(r);
            int p = spec.populationIndex(rs.population());
            if (rs instanceof RecorderSpec.Spikes s) {
                boolean[] include = null;
                if (s.neurons() != null) {
                    include = spikeLogs[p] != null && spikeLogs[p].include != null ? spikeLogs[p].include
                            : new boolean[part.popSize(p)];
                    for (int i : s.neurons()) {
                        include[i] = true;
                    }
                }
                if (spikeLogs[p] == null || include == null) {
                    spikeLogs[p] = new SpikeLog(include);
                }
            } else if (rs instanceof RecorderSpec.State s) {
                int[] neurons = recordedNeurons(s.neurons(), part.popSize(p));
                IntBuffer mine = new IntBuffer(16);
                int lo = part.chunkStart(p, k) - part.popOffset(p);
                int hi = part.chunkEnd(p, k) - part.popOffset(p);
                for (int i : neurons) {
                    if (i >= lo && i < hi) {
                        mine.add(i - lo);
                    }
                }
                double[][] vars = new double[s.variables().size()][];
                for (int v = 0; v < vars.length; v++) {
                    vars[v] = blocks[p].state(s.variables().get(v));
                }
                probes.add(new StateProbe(r, (int) Math.round(s.interval() / dt), mine.toArray(), vars));
            }
        }
    }

    /** The recorded neurons of a state recorder, sorted and distinct. */
    static int[] recordedNeurons(int[] neurons, int size) {
        if (neurons == null) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        return Arrays.stream(neurons).distinct().sorted().toArray();
    }

    private SpikeTimeInput spikeTimes(Stimulus.SpikeTimes ts, IntBuffer local, IntBuffer index, int delaySteps,
            double weight, double dt) {
        // Map target index (over the concatenated target populations) -> thread-local index.
        int total = 0;
        for (int i = 0; i < index.size(); i++) {
            total = Math.max(total, index.get(i) + 1);
        }
        int[] localOfIndex = new int[total];
        Arrays.fill(localOfIndex, -1);
        for (int i = 0; i < index.size(); i++) {
            localOfIndex[index.get(i)] = local.get(i);
        }
        IntBuffer arrival = new IntBuffer(16);
        IntBuffer tgt = new IntBuffer(16);
        IntBuffer order = new IntBuffer(16);
        double[] times = ts.times();
        for (int i = 0; i < times.length; i++) {
            int a = (int) Math.round(times[i] / dt) - 1 + delaySteps;
            if (ts.neurons() == null) {
                for (int q = 0; q < local.size(); q++) {
                    arrival.add(a);
                    tgt.add(local.get(q));
                    order.add(i);
                }
            } else if (ts.neurons()[i] < total && localOfIndex[ts.neurons()[i]] >= 0) {
                arrival.add(a);
                tgt.add(localOfIndex[ts.neurons()[i]]);
                order.add(i);
            }
        }
        int n = arrival.size();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] ar = arrival.array();
        int[] tg = tgt.array();
        int[] or = order.array();
        // Local index order equals gid order within a thread, so this is (arrival, gid, spike index).
        Arrays.sort(idx, (x, y) -> ar[x] != ar[y] ? Integer.compare(ar[x], ar[y])
                : tg[x] != tg[y] ? Integer.compare(tg[x], tg[y]) : Integer.compare(or[x], or[y]));
        int[] sa = new int[n];
        int[] sl = new int[n];
        for (int i = 0; i < n; i++) {
            sa[i] = ar[idx[i]];
            sl[i] = tg[idx[i]];
        }
        return new SpikeTimeInput(sa, sl, weight);
    }

    private void initialise(NetworkSpec spec, int p, PopulationSpec ps) {
        if (ps.initial().isEmpty()) {
            return;
        }
        List<ParamDef> states = ps.model().type().states();
        RandomStream rng = new RandomStream(spec.seed());
        for (int v = 0; v < states.size(); v++) {
            Distribution d = ps.initial().get(states.get(v).name());
            if (d == null) {
                continue;
            }
            double[] arr = blocks[p].state(states.get(v).name());
            int purpose = Purpose.of(Purpose.INIT, p * 64 + v);
            int start = part.chunkStart(p, k);
            for (int i = 0; i < arr.length; i++) {
                rng.reset(purpose, start + i);
                arr[i] = d.sample(rng);
            }
        }
    }

    /** Delivery modes: automatic choice, or forced for tests and measurements. */
    enum Delivery { AUTO, RING, QUEUE }

    /**
     * Allocates the input and spike buffers once the global delay range is known, choosing how
     * this thread's spikes are delivered. Both ways sum every input in the same order, so the
     * choice never changes a result, only the speed: a ring filled at emission costs one random
     * write per synaptic event into {@code slots × neurons} cells; the queue writes into one
     * step's cells, which stay in cache, but reads the synapse table in short runs (one per delay
     * group), each starting with a main-memory miss. Measured on 2 threads with the calendar queue
     * (docs/performance.md, seventh pass): 80,000 neurons with in-degree 2,000 at 41 Hz (ring 20 MB,
     * 40 synapses per group) deliver in 10.0–11.0 s per thread with the queue against 16.5–21.6 s
     * with the ring, and 56.8–59.1 against 76.9–77.7 s at 177 Hz; 20,000 neurons at 177 Hz (ring 10 MB, where each ring line takes many events)
     * in 8.8–9.4 s with the ring against 10.8–14.8 s (in-degree 1,000), 13.9–21.4 against 21.0–28.1 s
     * (in-degree 4,000). Hence the queue for rings beyond the L3 share of a core and long groups.
     * And the queue whenever rows have (about) one delay each, as in CUBA and COBA: it then reads
     * each row in one run, as the ring does, but adds into one step's cells instead of a ring's:
     * CUBA 64k 0.06–0.09 s per thread against 0.11–0.15 s, CUBA 16k 0.015–0.021 against
     * 0.025–0.031 s, CUBA and COBA 4k equal.
     */
    void prepare(int minDelay, int maxDelay, Delivery mode) {
        // Slots for the arrivals pending at once: a slice's spikes are delivered after its update and
        // before the next one, so they arrive from the next slice's first step to at most maxDelay
        // steps later, while every earlier arrival has been read.
        int len = maxDelay <= 1 ? 1 : Integer.highestOneBit(maxDelay - 1) << 1;
        long cells = (long) len * nLocal;
        long ringBytes = 16 * cells;
        boolean useQueue = switch (mode) {
            case RING -> false;
            case QUEUE -> true;
            case AUTO -> table.size() > 0 && (ringBytes > QUEUE_MIN_RING_BYTES && table.meanGroupSize() >= QUEUE_MIN_GROUP
                    || table.meanGroupsPerRow() <= QUEUE_MAX_GROUPS_PER_ROW);
        };
        if (!useQueue && cells > Integer.MAX_VALUE - 16) {
            useQueue = true; // a ring this large would not fit a Java array; the queue needs none
        }
        if (useQueue) {
            queue = new SpikeQueue(table, maxDelay);
            inputEx = new double[nLocal];
            inputIn = new double[nLocal];
            mask = 0;
        } else {
            inputEx = new double[(int) cells];
            inputIn = new double[(int) cells];
            mask = len - 1;
        }
        for (int b = 0; b < 2; b++) {
            // Grown on demand (ensureSpikeCapacity): a slice rarely holds more than a few spikes per neuron.
            spk[b] = new int[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(64L, 2L * nLocal + 16))];
            segEnd[b] = new int[minDelay * pops];
        }
    }

    /** Ring size above which the spike queue may be chosen (see {@link #prepare}). */
    private static final long QUEUE_MIN_RING_BYTES = 16L << 20;
    /** Mean delay groups per row up to which rows are read whole by the queue, as by a ring. */
    private static final double QUEUE_MAX_GROUPS_PER_ROW = 1.5;
    /** Mean delay-group length from which the spike queue's per-group cost pays off. */
    private static final double QUEUE_MIN_GROUP = 24;

    /** Whether spikes are delivered at arrival through a {@link SpikeQueue}. */
    boolean queued() {
        return queue != null;
    }

    /** Adds the queued synapses arriving at step s, timing it when profiling. */
    private void drain(SpikeQueue queue, int s, double[] ex, double[] in) {
        if (drainNanos >= 0) {
            long t0 = System.nanoTime();
            queue.drain(s, ex, in);
            drainNanos += System.nanoTime() - t0;
        } else {
            queue.drain(s, ex, in);
        }
    }

    /** Makes room for one more step's spikes (at most one per local neuron) at {@code pos}. */
    private int[] ensureSpikeCapacity(int buf, int pos) {
        return ensureSpikeCapacity(buf, pos, nLocal);
    }

    /** Makes room for {@code spikes} more spikes at {@code pos}. */
    private int[] ensureSpikeCapacity(int buf, int pos, int spikes) {
        int[] out = spk[buf];
        if (out.length - pos < spikes + 1) {
            long grown = Math.max((long) out.length * 2, (long) pos + spikes + 16);
            out = java.util.Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 16, grown));
            spk[buf] = out;
        }
        return out;
    }

    /** Heap bytes of the input buffers (rings or one step) and the spike queue. */
    long inputBytes() {
        return 8L * (inputEx.length + inputIn.length) + (queue != null ? queue.bytes() : 0);
    }

    /** Updates this thread's neurons for the steps [s0, s0 + len), writing spikes into buffer {@code buf}. */
    void update(int s0, int len, int buf) {
        int[] out = spk[buf];
        final int[] seg = segEnd[buf];
        final double[] ex = inputEx;
        final double[] in = inputIn;
        final SpikeQueue queue = this.queue;
        int pos = 0;
        for (int s = s0; s < s0 + len; s++) {
            out = ensureSpikeCapacity(buf, pos);
            int slotBase = (s & mask) * nLocal;
            // In ring mode the spikes arriving now were added when they were delivered.
            if (queue != null) {
                drain(queue, s, ex, in);
            }
            if (iStim != null) {
                Arrays.fill(iStim, 0.0);
                for (CurrentInput c : currents) {
                    c.add(s, iStim);
                }
            }
            for (PoissonInput pi : poissons) {
                pi.apply(s, ex, in, slotBase);
            }
            for (SpikeTimeInput si : spikeInputs) {
                si.apply(s, ex, in, slotBase);
            }
            for (int p = 0; p < pops; p++) {
                int before = pos;
                int room = blocks[p].maxSpikes(ex, in, slotBase + blockOffset[p]);
                if (out.length - pos <= room) {
                    out = ensureSpikeCapacity(buf, pos, room);
                }
                try {
                    pos = blocks[p].update(s, ex, in, slotBase + blockOffset[p], iStim, blockOffset[p], out, pos);
                } catch (NumericalInstabilityException e) {
                    throw e.at(popNames[p], part.chunkStart(p, k) - part.popOffset(p) + e.neuron());
                }
                int gidBase = part.chunkStart(p, k);
                for (int i = before; i < pos; i++) {
                    out[i] += gidBase;
                }
                counts[p].add(pos - before);
                SpikeLog log = spikeLogs[p];
                if (log != null && pos > before) {
                    int popBase = part.popOffset(p);
                    for (int i = before; i < pos; i++) {
                        int id = out[i] - popBase;
                        if (log.include == null || log.include[id]) {
                            log.steps.add(s);
                            log.ids.add(id);
                        }
                    }
                }
                seg[(s - s0) * pops + p] = pos;
            }
            for (int q = 0; q < probes.size(); q++) {
                StateProbe pr = probes.get(q);
                if ((s + 1) % pr.interval == 0) {
                    for (int v = 0; v < pr.vars.length; v++) {
                        double[] arr = pr.vars[v];
                        DoubleList dl = pr.values[v];
                        for (int j : pr.blockIndex) {
                            dl.add(arr[j]);
                        }
                    }
                }
            }
        }
    }

    /**
     * Delivers the spikes of slice [s0, s0 + len) of every worker, in canonical order, to this
     * thread's synapses: queued for delivery at arrival ({@link SpikeQueue}), or added into the
     * ring buffers now.
     */
    void deliver(int s0, int len, int buf, Worker[] all) {
        final SpikeQueue queue = this.queue;
        final SynapseTable table = this.table;
        final double[] ex = inputEx;
        final double[] in = inputIn;
        final int mask = this.mask;
        final int stride = nLocal;
        for (int s = 0; s < len; s++) {
            int step = s0 + s;
            for (int p = 0; p < pops; p++) {
                int idx = s * pops + p;
                for (Worker w : all) {
                    int[] seg = w.segEnd[buf];
                    int from = idx == 0 ? 0 : seg[idx - 1];
                    int to = seg[idx];
                    int[] gids = w.spk[buf];
                    if (queue != null) {
                        queue.pushAll(gids, from, to, step);
                    } else {
                        for (int i = from; i < to; i++) {
                            table.deliver(gids[i], step, mask, stride, ex, in);
                        }
                    }
                }
            }
        }
    }

}
