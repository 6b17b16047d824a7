package org.leinao.bench;

import java.util.concurrent.TimeUnit;
import org.leinao.engine.neuron.NeuronBlock;
import org.leinao.engine.neuron.NeuronModel;
import org.leinao.engine.neuron.NeuronModels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why: the neuron update is one of the two hot loops of every simulation; this isolates it so a
 * regression in one kernel is visible. Measures neuron updates per second (one operation = one
 * neuron advanced by one 0.1 ms step) for a block of 10,000 neurons driven to fire regularly by a
 * bias current, with input arriving on every step.
 * Run: {@code ./leinao jmh NeuronKernelBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NeuronKernelBench {
    private static final int N = 10_000;

    @Param({"iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha", "iaf_cond_exp", "izhikevich", "aeif_cond_exp"})
    public String model;

    private NeuronBlock block;
    private double[] ex;
    private double[] in;
    private int[] out;
    private int step;

    @Setup
    public void setUp() {
        NeuronModel m = NeuronModels.of(model);
        double bias = switch (model) {
            case "izhikevich" -> 10.0;
            case "aeif_cond_exp" -> 800.0;
            default -> 450.0;
        };
        block = m.with("I_e", bias).newBlock(N, 0.1);
        // Spread the membranes between reset and threshold so that the neurons fire
        // asynchronously, as in a network, rather than all in the same step.
        double[] vm = block.state("V_m");
        double lo = m.params().getOrDefault("V_reset", m.params().getOrDefault("c", -65.0));
        double hi = m.params().getOrDefault("V_th", m.params().getOrDefault("V_peak", 30.0));
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < N; i++) {
            vm[i] = lo + (hi - lo) * r.nextDouble();
        }
        ex = new double[N];
        in = new double[N];
        out = new int[N];
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int step() {
        // A small input on every step so that the input path is exercised.
        ex[step % N] = 1.0;
        in[(step * 7) % N] = -1.0;
        return block.update(step++, ex, in, 0, null, 0, out, 0);
    }
}
