package org.leinao.engine.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.sim.Partition;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;

/**
 * Delays stored per delay group deliver exactly what per-synapse delays deliver (same cells, same
 * sums in the same order), report the same delay for every synapse, and take fewer bytes; tables
 * with nearly one delay per synapse keep per-synapse delays.
 */
class SynapseTableTest {

    private static NetworkSpec spec(Distribution delay, int indegree) {
        return Network.builder().dt(0.1).seed(4)
                .population("e", 900, NeuronModels.iafPscExp())
                .population("i", 300, NeuronModels.iafPscExp())
                .connect("e", List.of("e", "i"), Connector.fixedIndegree(indegree), Distribution.normal(20, 5), delay)
                .connect("i", List.of("e", "i"), Connector.pairwiseBernoulli(0.1), Distribution.constant(-60),
                        Distribution.constant(0.8))
                .build();
    }

    @Test
    void groupedDelaysDeliverExactlyAsPerSynapseDelays() {
        NetworkSpec spec = spec(Distribution.normalClipped(1.5, 0.75, 0.1, 5.0), 100);
        for (int threads = 1; threads <= 2; threads++) {
            Partition part = new Partition(spec.populations(), threads);
            for (int k = 0; k < threads; k++) {
                SynapseTable grouped = new SynapseTableBuilder(spec, part, k).build();
                SynapseTable plain = new SynapseTableBuilder(spec, part, k).build(false);
                assertThat(grouped.grouped()).isTrue();
                assertThat(plain.grouped()).isFalse();
                assertThat(grouped.bytes()).isLessThan(plain.bytes());
                assertThat(grouped.size()).isEqualTo(plain.size()).isGreaterThan(40_000);
                int[] rowDelays = new int[grouped.size()];
                for (int g = 0; g < 1200; g++) {
                    grouped.rowDelays(g, rowDelays, grouped.rowStart(g));
                }
                for (int s = 0; s < plain.size(); s++) {
                    assertThat(grouped.delaySteps(s)).isEqualTo(plain.delaySteps(s)).isEqualTo(rowDelays[s]);
                    assertThat(grouped.target(s)).isEqualTo(plain.target(s));
                }
                assertThat(grouped.minDelay()).isEqualTo(plain.minDelay()).isEqualTo(1);
                assertThat(grouped.maxDelay()).isEqualTo(plain.maxDelay()).isGreaterThan(30);
                int n = part.localCount(k);
                int mask = 63;
                double[] ex1 = new double[64 * n];
                double[] in1 = new double[64 * n];
                double[] ex2 = new double[64 * n];
                double[] in2 = new double[64 * n];
                Random r = new Random(9);
                for (int step = 0; step < 200; step++) {
                    for (int j = 0; j < 20; j++) {
                        int g = r.nextInt(1200);
                        grouped.deliver(g, step, mask, n, ex1, in1);
                        plain.deliver(g, step, mask, n, ex2, in2);
                    }
                }
                assertThat(ex1).isEqualTo(ex2);
                assertThat(in1).isEqualTo(in2);
                assertThat(java.util.Arrays.stream(ex1).max().orElseThrow()).isGreaterThan(0);
                assertThat(java.util.Arrays.stream(in1).min().orElseThrow()).isLessThan(0);
            }
        }
    }

    @Test
    void rowsWithAlmostOneDelayPerSynapseKeepPerSynapseDelays() {
        // 40 synapses per row spread over 300 delay values: groups would cost more than shorts.
        NetworkSpec spec = spec(Distribution.uniform(0.1, 30.0), 40);
        Partition part = new Partition(spec.populations(), 1);
        SynapseTable t = new SynapseTableBuilder(spec, part, 0).build();
        assertThat(t.grouped()).isFalse();
        assertThat(t.bytes()).isEqualTo(new SynapseTableBuilder(spec, part, 0).build(false).bytes());
    }
}
