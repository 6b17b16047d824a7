package org.leinao.bench;

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
 * Why: spike delivery (adding each arriving synapse's weight into its target's input) is the
 * other hot loop, and dominates large networks. Measures synaptic events per second on one thread:
 * a network of N neurons with fixed in-degree K and delays uniform in [0.1, 5] ms; each
 * invocation is one step with the spikes of 100 random sources, delivered either at emission into
 * 64-slot ring buffers ({@code mode=ring}) or queued and delivered at arrival ({@code mode=queue},
 * {@link SpikeQueue}; in steady state a step delivers as many events as it queues). Reported
 * ops/ms × events per invocation = events/ms. Run: {@code ./leinao jmh DeliveryBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeliveryBench {
    @Param({"20000"})
    public int n;

    @Param({"100", "1000"})
    public int k;

    @Param({"ring", "queue"})
    public String mode;

    private SynapseTable table;
    private double[] ringEx;
    private double[] ringIn;

    private SpikeQueue queue;
    private double[] inputEx;
    private double[] inputIn;
    private int[] sources;
    private int step;
    /** Synaptic events per invocation, printed once for converting ops/s into events/s. */
    public long eventsPerInvocation;

    @Setup
    public void setUp() {
        NetworkSpec spec = Network.builder().dt(0.1).seed(1)
                .population("p", n, NeuronModels.iafPscExp())
                .connect("p", "p", Connector.fixedIndegree(k), Distribution.uniform(-50, 100),
                        Distribution.uniform(0.1, 5.0))
                .build();
        Partition part = new Partition(spec.populations(), 1);
        table = new SynapseTableBuilder(spec, part, 0).build();
        ringEx = new double[64 * n];
        ringIn = new double[64 * n];
        queue = new SpikeQueue(table);
        inputEx = new double[n];
        inputIn = new double[n];
        sources = new int[100];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < sources.length; i++) {
            sources[i] = r.nextInt(n);
            eventsPerInvocation += table.rowEnd(sources[i]) - table.rowStart(sources[i]);
        }
        System.out.println("# events per invocation: " + eventsPerInvocation);
    }

    @Benchmark
    public void deliver(Blackhole bh) {
        int s = step++;
        if (mode.equals("ring")) {
            for (int g : sources) {
                table.deliver(g, s, 63, n, ringEx, ringIn);
            }
            bh.consume(ringEx);
            return;
        }
        for (int g : sources) {
            queue.push(g, s);
        }
        queue.drain(s, inputEx, inputIn);
        bh.consume(inputEx);
    }
}
