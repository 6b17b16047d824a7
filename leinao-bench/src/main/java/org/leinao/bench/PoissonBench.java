package org.leinao.bench;

import java.util.concurrent.TimeUnit;
import org.leinao.engine.stim.PoissonInput;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Why: the Poisson background (a count per target and step, as NEST's {@code poisson_generator})
 * is the larger half of the update phase of the cortical microcircuit; this isolates it. Measures
 * Poisson counts per second for 38,585 targets (one thread's half of the full-scale
 * microcircuit) at λ = rate·dt of 0.16, 1.6 (the microcircuit's 8 Hz × ~2,000 inputs) and 16
 * spikes per step. Run: {@code ./leinao jmh PoissonBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoissonBench {
    private static final int N = 38_585;

    @Param({"0.16", "1.6", "16"})
    public double lambda;

    private PoissonInput input;
    private double[] ex;
    private double[] in;
    private int step;

    @Setup
    public void setUp() {
        int[] local = new int[N];
        int[] gids = new int[N];
        for (int i = 0; i < N; i++) {
            local[i] = i;
            gids[i] = i;
        }
        double dt = 0.1;
        input = new PoissonInput(0, 1, local, gids, 87.8, 1, new long[] {0}, new double[] {lambda / dt * 1e3}, dt);
        ex = new double[N];
        in = new double[N];
        step = 1;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void counts(Blackhole bh) {
        input.apply(step++, ex, in, 0);
        bh.consume(ex);
    }
}
