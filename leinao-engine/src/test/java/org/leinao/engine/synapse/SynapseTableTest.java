package org.leinao.engine.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                SynapseTable plain = new SynapseTableBuilder(spec, part, k).build(false, true);
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
                SynapseTable wide = new SynapseTableBuilder(spec, part, k).build(true, false);
                assertThat(grouped.narrow()).isTrue();
                assertThat(wide.narrow()).isFalse();
                assertThat(wide.bytes() - grouped.bytes()).isEqualTo(2L * grouped.size());
                for (int s = 0; s < plain.size(); s++) {
                    assertThat(wide.target(s)).isEqualTo(grouped.target(s));
                    assertThat(wide.weight(s)).isEqualTo(grouped.weight(s));
                    assertThat(wide.delaySteps(s)).isEqualTo(grouped.delaySteps(s));
                }
                assertQueueMatchesRing(grouped, part.localCount(k), 9);
                assertQueueMatchesRing(wide, part.localCount(k), 9);
                assertQueueMatchesRing(plain, part.localCount(k), 9);
            }
        }
    }

    @Test
    void perSynapseDelaysQueueAsARing() {
        // Many delays per row: the table keeps per-synapse delays, and the queue walks runs of them.
        NetworkSpec spec = spec(Distribution.uniform(0.1, 30.0), 40);
        Partition part = new Partition(spec.populations(), 2);
        for (int k = 0; k < 2; k++) {
            SynapseTable t = new SynapseTableBuilder(spec, part, k).build();
            assertThat(t.grouped()).isFalse();
            assertQueueMatchesRing(t, part.localCount(k), 11);
        }
    }

    @Test
    void longDelayGroupsOfOneSignedRowsQueueAsARing() {
        // One delay per projection: each row is one or two groups of ~100-600 synapses, longer than
        // the queue's fixed look-ahead positions; rows are all excitatory or all inhibitory, so the
        // queue adds the excitatory rows of a step before the inhibitory ones.
        NetworkSpec spec = Network.builder().dt(0.1).seed(6)
                .population("e", 900, NeuronModels.iafPscExp())
                .population("i", 300, NeuronModels.iafPscExp())
                .connect("e", List.of("e", "i"), Connector.fixedIndegree(300), Distribution.uniform(5, 30),
                        Distribution.constant(1.0))
                .connect("i", List.of("e", "i"), Connector.fixedIndegree(150), Distribution.uniform(-60, -20),
                        Distribution.constant(0.5))
                .build();
        for (int threads = 1; threads <= 2; threads++) {
            Partition part = new Partition(spec.populations(), threads);
            for (int k = 0; k < threads; k++) {
                SynapseTable t = new SynapseTableBuilder(spec, part, k).build();
                assertThat(t.grouped()).isTrue();
                assertThat(t.hasMixedRows()).isFalse();
                assertThat(t.meanGroupSize()).isGreaterThan(100);
                assertQueueMatchesRing(t, part.localCount(k), 15);
                assertQueueMatchesRing(new SynapseTableBuilder(spec, part, k).build(true, false), part.localCount(k), 15);
            }
        }
    }

    @Test
    void rowsOfMixedSignAddEachWeightByItsSign() {
        // Weights of either sign within a row (not Dale's law) next to one-signed rows.
        NetworkSpec spec = Network.builder().dt(0.1).seed(5)
                .population("a", 600, NeuronModels.iafPscExp())
                .population("b", 200, NeuronModels.iafPscExp())
                .connect("a", List.of("a", "b"), Connector.fixedIndegree(60), Distribution.normal(0, 10),
                        Distribution.normalClipped(1.5, 0.75, 0.1, 5.0))
                .connect("b", List.of("a", "b"), Connector.fixedIndegree(20), Distribution.constant(-40),
                        Distribution.normalClipped(1.5, 0.75, 0.1, 5.0))
                .build();
        Partition part = new Partition(spec.populations(), 2);
        for (int k = 0; k < 2; k++) {
            SynapseTable t = new SynapseTableBuilder(spec, part, k).build();
            int[] kinds = new int[3];
            for (int g = 0; g < 800; g++) {
                boolean anyEx = false;
                boolean anyIn = false;
                for (int s = t.rowStart(g); s < t.rowEnd(g); s++) {
                    anyEx |= t.weight(s) >= 0;
                    anyIn |= t.weight(s) < 0;
                }
                byte expected = anyEx && anyIn ? SynapseTable.MIXED
                        : anyIn ? SynapseTable.INHIBITORY : SynapseTable.EXCITATORY;
                assertThat(t.rowSign[g]).as("row %d", g).isEqualTo(expected);
                kinds[expected]++;
            }
            assertThat(kinds[SynapseTable.MIXED]).isGreaterThan(500);
            assertThat(kinds[SynapseTable.INHIBITORY]).isGreaterThan(150);
            assertQueueMatchesRing(t, part.localCount(k), 13);
            assertQueueMatchesRing(new SynapseTableBuilder(spec, part, k).build(false, false), part.localCount(k), 13);
        }
    }

    @Test
    void queueRefusesASkippedStepOrASpikePushedTooLate() {
        NetworkSpec spec = spec(Distribution.normalClipped(1.5, 0.75, 0.1, 5.0), 100);
        Partition part = new Partition(spec.populations(), 1);
        SynapseTable t = new SynapseTableBuilder(spec, part, 0).build();
        double[] ex = new double[1200];
        double[] in = new double[1200];
        // A source whose first synapses arrive after one step (rows are ordered by delay).
        int g = 0;
        while (t.rowEnd(g) == t.rowStart(g) || t.delaySteps(t.rowStart(g)) != 1) {
            g++;
        }
        int gid = g;
        SpikeQueue queue = new SpikeQueue(t);
        queue.drain(10, ex, in);
        queue.push(gid, 10);
        assertThat(queue.size()).isPositive();
        // Step 11 skipped while runs are queued: they would be added a whole calendar late.
        assertThatThrownBy(() -> queue.drain(12, ex, in)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("drained step 12 after step 10");
        // A spike of step 11 whose first synapses (delay 1) arrive at step 12 must come before step 12.
        SpikeQueue late = new SpikeQueue(t);
        for (int s = 0; s <= 12; s++) {
            late.drain(s, ex, in);
        }
        assertThatThrownBy(() -> late.push(gid, 11)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source " + gid + " at step 11");
        // Nor may a spike run ahead of delivery.
        assertThatThrownBy(() -> late.push(gid, 14)).isInstanceOf(IllegalStateException.class);
        late.push(gid, 13);
        assertThat(late.size()).isEqualTo(queue.size());
    }

    /**
     * Random spikes (several per step, repeated sources included) delivered by {@link SpikeQueue}
     * and by {@link SynapseTable#deliver} give, at every step, exactly the input of a ring buffer
     * filled synapse by synapse at emission: same cells, same sums in the same order, bit for bit.
     */
    private static void assertQueueMatchesRing(SynapseTable t, int n, long seed) {
        int slots = Integer.highestOneBit(t.maxDelay()) << 1;
        double[] ringEx = new double[slots * n];
        double[] ringIn = new double[slots * n];
        double[] deliveredEx = new double[slots * n];
        double[] deliveredIn = new double[slots * n];
        double[] ex = new double[n];
        double[] in = new double[n];
        SpikeQueue queue = new SpikeQueue(t);
        Random r = new Random(seed);
        int rows = t.rowStart.length - 1;
        int steps = 400;
        long events = 0;
        for (int step = 0; step < steps + slots; step++) {
            queue.drain(step, ex, in);
            int base = (step & (slots - 1)) * n;
            // Arrays.equals compares bit patterns: the sums must be taken in the same order.
            if (!java.util.Arrays.equals(ex, 0, n, ringEx, base, base + n)
                    || !java.util.Arrays.equals(in, 0, n, ringIn, base, base + n)) {
                assertThat(ex).as("ex at step %d", step).isEqualTo(java.util.Arrays.copyOfRange(ringEx, base, base + n));
                assertThat(in).as("in at step %d", step).isEqualTo(java.util.Arrays.copyOfRange(ringIn, base, base + n));
            }
            for (int i = 0; i < n; i++) {
                events += ex[i] != 0 || in[i] != 0 ? 1 : 0;
            }
            assertThat(java.util.Arrays.equals(deliveredEx, base, base + n, ringEx, base, base + n)
                    && java.util.Arrays.equals(deliveredIn, base, base + n, ringIn, base, base + n))
                    .as("ring delivery at step %d", step).isTrue();
            java.util.Arrays.fill(ringEx, base, base + n, 0);
            java.util.Arrays.fill(ringIn, base, base + n, 0);
            java.util.Arrays.fill(deliveredEx, base, base + n, 0);
            java.util.Arrays.fill(deliveredIn, base, base + n, 0);
            java.util.Arrays.fill(ex, 0);
            java.util.Arrays.fill(in, 0);
            if (step >= steps) {
                continue;
            }
            int spikes = r.nextInt(8);
            int[] gids = new int[spikes];
            for (int j = 0; j < spikes; j++) {
                gids[j] = r.nextInt(rows);
            }
            java.util.Arrays.sort(gids);
            for (int g : gids) {
                queue.push(g, step);
                t.deliver(g, step, slots - 1, n, deliveredEx, deliveredIn);
                for (int s = t.rowStart(g); s < t.rowEnd(g); s++) {
                    int cell = ((step + t.delaySteps(s)) & (slots - 1)) * n + t.target(s);
                    float w = t.weight(s);
                    if (w >= 0) {
                        ringEx[cell] += w;
                    } else {
                        ringIn[cell] += w;
                    }
                }
            }
        }
        assertThat(queue.size()).isZero();
        assertThat(events).isGreaterThan(1000);
    }

    @Test
    void rowsWithAlmostOneDelayPerSynapseKeepPerSynapseDelays() {
        // 40 synapses per row spread over 300 delay values: groups would cost more than shorts.
        NetworkSpec spec = spec(Distribution.uniform(0.1, 30.0), 40);
        Partition part = new Partition(spec.populations(), 1);
        SynapseTable t = new SynapseTableBuilder(spec, part, 0).build();
        assertThat(t.grouped()).isFalse();
        assertThat(t.bytes()).isEqualTo(new SynapseTableBuilder(spec, part, 0).build(false, true).bytes());
    }
}
