package org.leinao.bench;

import java.util.List;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * Why: the engine delivers spikes either at emission into ring buffers or at arrival through a
 * spike queue, chosen per thread by a rule measured with this program (docs/performance.md,
 * "Choosing the delivery per thread"). A random network of {@code iaf_psc_exp} neurons (80 %
 * excitatory), fixed in-degree K, delays uniform in [0.1, D] ms, inhibitory weights −5× the
 * excitatory ones, Poisson background; 200 ms to settle, then 1 s measured on 2 threads.
 *
 * <pre>
 * java -Dleinao.delivery=ring|queue|auto -cp "leinao-bench/target/leinao-bench-0.1.0-SNAPSHOT.jar:leinao-bench/target/lib/*" \
 *     org.leinao.bench.DeliveryModes K N D WEIGHT_PA_TIMES_K BACKGROUND_HZ
 * e.g. ... DeliveryModes 2000 80000 2.5 800 2500     (41 Hz)
 * </pre>
 */
public final class DeliveryModes {
    private DeliveryModes() {
    }

    /** Runs the network named by the arguments and prints wall time and per-thread phases. */
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: DeliveryModes K N D_MAX_MS WEIGHT_TIMES_K BACKGROUND_HZ");
            System.exit(2);
        }
        int k = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        double dmax = Double.parseDouble(args[2]);
        double w = Double.parseDouble(args[3]) / k;
        double bg = Double.parseDouble(args[4]);
        NetworkSpec spec = Network.builder().dt(0.1).seed(1)
                .population("e", n * 4 / 5, NeuronModels.iafPscExp())
                .population("i", n / 5, NeuronModels.iafPscExp())
                .connect("e", List.of("e", "i"), Connector.fixedIndegree(k * 4 / 5), Distribution.constant(w),
                        Distribution.uniform(0.1, dmax))
                .connect("i", List.of("e", "i"), Connector.fixedIndegree(k / 5), Distribution.constant(-5 * w),
                        Distribution.uniform(0.1, dmax))
                .stimulus("bg", Stimulus.poisson(bg), List.of("e", "i"), 87.8, 1.0)
                .recordSpikes("e", "i")
                .build();
        try (Simulator sim = Simulator.create(spec, Threads.of(2))) {
            sim.run(200);
            sim.measurePhases(true);
            long t0 = System.nanoTime();
            Result r = sim.run(1000);
            double wall = (System.nanoTime() - t0) * 1e-9;
            Simulator.PhaseTimes ph = sim.phaseTimes();
            System.out.printf("K %d, N %d, delays 0.1-%.1f ms: 1 s simulated in %.3f s, rate %.1f Hz, %.2f bytes/synapse%n",
                    k, n, dmax, wall, r.rate("e"), sim.synapseBytes() / (double) sim.synapseCount());
            for (int t = 0; t < ph.update().length; t++) {
                System.out.printf("  thread %d: update %.3f s, wait %.3f s, deliver %.3f s (%s)%n", t, ph.update()[t],
                        ph.barrier()[t], ph.deliver()[t], ph.queued()[t] ? "spike queue" : "ring buffers");
            }
        }
    }
}
