package org.leinao.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.sim.Partition;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.synapse.SpikeQueue;
import org.leinao.engine.synapse.SynapseTable;
import org.leinao.engine.synapse.SynapseTableBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Why: on the full-scale cortical microcircuit the spike queue's delivery is half the time of a
 * step, and the whole-model benchmark is too slow (a minute per run) and too noisy on a shared
 * two-vCPU host to compare small changes to it. This one replays delivery with the microcircuit's
 * statistics on one thread: one thread's table of a two-thread partition (40,000 neurons, 80 %
 * excitatory, in-degree 4,000, so rows of about 2,000 synapses per thread and 480 MB of table, far
 * beyond the caches), weights of one sign per row (Dale's law), delays normal as in Potjans &amp;
 * Diesmann (2014), Table 5 (excitatory 1.5 ± 0.75 ms, inhibitory 0.75 ± 0.375 ms, clipped at
 * dt), and each step 30 spikes of sources drawn at random from all rows (the microcircuit emits
 * about 27 per step). One invocation is one step: push the step's spikes, drain the arrivals.
 * Reported ops/ms × events per step (printed at set-up) = synaptic events per ms. Run:
 * {@code ./leinao jmh QueueBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
public class QueueBench {
    /** Neurons; the table is that of thread 0 of 2, which owns half of them as targets. */
    @Param({"40000"})
    public int n;

    /** In-degree (80 % excitatory). */
    @Param({"2000"})
    public int k;

    /** Spikes per step. */
    @Param({"60"})
    public int spikes;

    private SpikeQueue queue;
    private double[] inputEx;
    private double[] inputIn;
    /** A long random sequence of sources, cycled through, so rows are not reused from cache. */
    private int[] sources;
    private int cursor;
    private int step;

    @Setup
    public void setUp() {
        double dt = 0.1;
        NetworkSpec spec = Network.builder().dt(dt).seed(1)
                .population("e", n * 4 / 5, NeuronModels.iafPscExp())
                .population("i", n / 5, NeuronModels.iafPscExp())
                .connect("e", List.of("e", "i"), Connector.fixedIndegree(k * 4 / 5), Distribution.normal(87.8, 8.78),
                        Distribution.normalClipped(1.5, 0.75, dt, 100))
                .connect("i", List.of("e", "i"), Connector.fixedIndegree(k / 5), Distribution.normal(-351.2, 35.1),
                        Distribution.normalClipped(0.75, 0.375, dt, 100))
                .build();
        Partition part = new Partition(spec.populations(), 2);
        SynapseTable table = new SynapseTableBuilder(spec, part, 0).build();
        int local = part.localCount(0);
        queue = new SpikeQueue(table);
        inputEx = new double[local];
        inputIn = new double[local];
        SplittableRandom r = new SplittableRandom(3);
        sources = new int[1 << 22];
        long events = 0;
        for (int i = 0; i < sources.length; i++) {
            sources[i] = r.nextInt(n);
            events += table.rowEnd(sources[i]) - table.rowStart(sources[i]);
        }
        System.out.printf("# %,d synapses (%s, %.1f per delay group), %.0f events per step%n", table.size(),
                table.narrow() ? "16-bit targets" : "32-bit targets", table.meanGroupSize(),
                (double) events / sources.length * spikes);
    }

    @Benchmark
    public void step(Blackhole bh) {
        int s = step++;
        int c = cursor;
        for (int i = 0; i < spikes; i++) {
            queue.push(sources[c], s);
            c = (c + 1) & (sources.length - 1);
        }
        cursor = c;
        queue.drain(s, inputEx, inputIn);
        // The engine takes (and clears) the step's input in its update.
        bh.consume(inputEx[s & 1023]);
        java.util.Arrays.fill(inputEx, 0);
        java.util.Arrays.fill(inputIn, 0);
    }
}
