package org.leinao.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * Spikes delivered at emission into ring buffers and at arrival through the spike queue give
 * bit-identical spikes and state traces, on one and several threads, across repeated runs: the
 * engine may choose either per thread for speed alone.
 */
class DeliveryModesTest {

    private static Result run(NetworkSpec spec, int threads, Worker.Delivery mode, boolean queued) {
        try (Simulator sim = Simulator.create(spec, Threads.of(threads), mode)) {
            for (int k = 0; k < threads; k++) {
                assertThat(sim.queued(k)).as("worker %d in mode %s", k, mode).isEqualTo(queued);
            }
            sim.run(120.0);
            return sim.run(130.0);
        }
    }

    @Test
    void ringAndQueueGiveIdenticalResults() {
        // Delays spread over 0.5-3 ms and a constant 0.8 ms: rows hold several delay groups.
        NetworkSpec spec = DeterminismTest.network(7);
        Result ref = run(spec, 1, Worker.Delivery.RING, false);
        assertThat(ref.totalSpikes("exc") + ref.totalSpikes("inh")).isGreaterThan(2000);
        for (int t = 1; t <= 3; t++) {
            for (Worker.Delivery mode : new Worker.Delivery[] {Worker.Delivery.RING, Worker.Delivery.QUEUE}) {
                Result r = run(spec, t, mode, mode == Worker.Delivery.QUEUE);
                assertThat(r.spikes("exc")).as("exc spikes, %s on %d threads", mode, t).isEqualTo(ref.spikes("exc"));
                assertThat(r.spikes("inh")).as("inh spikes, %s on %d threads", mode, t).isEqualTo(ref.spikes("inh"));
                assertThat(r.state("exc", "V_m")).as("V_m, %s on %d threads", mode, t)
                        .isEqualTo(ref.state("exc", "V_m"));
                assertThat(r.state("exc", "I_syn_ex")).isEqualTo(ref.state("exc", "I_syn_ex"));
            }
        }
    }

    @Test
    void smallRingsStayRings() {
        // 2,000 neurons and 32 delay slots: a 1 MB ring, far below where the queue pays off.
        NetworkSpec spec = DeterminismTest.network(3);
        run(spec, 1, Worker.Delivery.AUTO, false);
    }

    @Test
    void rowsOfOneDelayTakeTheQueueWithTheSameResults() {
        // As CUBA and COBA: one delay per projection, so the queue reads each row in one run.
        NetworkSpec spec = Network.builder().dt(0.1).seed(8)
                .population("exc", 1600, NeuronModels.iafPscExp(), Map.of("V_m", Distribution.uniform(-70, -55)))
                .population("inh", 400, NeuronModels.iafPscExp())
                .connect("exc", List.of("exc", "inh"), Connector.pairwiseBernoulli(0.05), Distribution.constant(40),
                        Distribution.constant(0.1))
                .connect("inh", List.of("exc", "inh"), Connector.pairwiseBernoulli(0.05), Distribution.constant(-160),
                        Distribution.constant(0.1))
                .stimulus("bg", Stimulus.poisson(9000), List.of("exc", "inh"), 25.0, 0.1)
                .recordSpikes("exc", "inh")
                .build();
        Result ring = run(spec, 2, Worker.Delivery.RING, false);
        assertThat(ring.totalSpikes("exc")).isGreaterThan(1000);
        for (int t = 1; t <= 2; t++) {
            Result auto = run(spec, t, Worker.Delivery.AUTO, true);
            assertThat(auto.spikes("exc")).isEqualTo(ring.spikes("exc"));
            assertThat(auto.spikes("inh")).isEqualTo(ring.spikes("inh"));
        }
    }

    @Test
    void ringsOfAsManySlotsAsTheLargestDelayGiveTheQueuesResults() {
        // Delays of 1 to 16 steps: a ring of 16 slots, each in use right up to its reuse; and a
        // network whose only delay is one step: a ring of one slot.
        for (double maxDelay : new double[] {1.6, 0.1}) {
            NetworkSpec spec = Network.builder().dt(0.1).seed(9)
                    .population("exc", 1600, NeuronModels.iafPscExp(), Map.of("V_m", Distribution.uniform(-70, -55)))
                    .population("inh", 400, NeuronModels.iafPscExp())
                    .connect("exc", List.of("exc", "inh"), Connector.pairwiseBernoulli(0.05),
                            Distribution.constant(40), Distribution.uniform(0.1, maxDelay))
                    .connect("inh", List.of("exc", "inh"), Connector.pairwiseBernoulli(0.05),
                            Distribution.constant(-160), Distribution.constant(maxDelay))
                    .stimulus("bg", Stimulus.poisson(9000), List.of("exc", "inh"), 25.0, 0.1)
                    .recordSpikes("exc", "inh")
                    .recordState("exc", List.of("V_m", "I_syn_ex"), new int[] {0, 7, 1599}, 0.1)
                    .build();
            Result queue = run(spec, 1, Worker.Delivery.QUEUE, true);
            assertThat(queue.totalSpikes("exc")).isGreaterThan(1000);
            for (int t = 1; t <= 2; t++) {
                try (Simulator sim = Simulator.create(spec, Threads.of(t), Worker.Delivery.RING)) {
                    assertThat(sim.maxDelaySteps()).isEqualTo((int) Math.round(maxDelay / 0.1));
                }
                Result ring = run(spec, t, Worker.Delivery.RING, false);
                assertThat(ring.spikes("exc")).as("exc spikes, ring on %d threads", t).isEqualTo(queue.spikes("exc"));
                assertThat(ring.spikes("inh")).as("inh spikes, ring on %d threads", t).isEqualTo(queue.spikes("inh"));
                assertThat(ring.state("exc", "I_syn_ex")).isEqualTo(queue.state("exc", "I_syn_ex"));
            }
        }
    }

    @Test
    void aBadDeliveryPropertyIsNamedWithTheValuesAllowed() {
        String before = System.getProperty("leinao.delivery");
        try {
            System.setProperty("leinao.delivery", "fast");
            assertThatThrownBy(Simulator::checkDeliveryProperty).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("system property leinao.delivery: expected auto, ring or queue, got 'fast'");
            System.setProperty("leinao.delivery", "queue");
            Simulator.checkDeliveryProperty();
        } finally {
            if (before == null) {
                System.clearProperty("leinao.delivery");
            } else {
                System.setProperty("leinao.delivery", before);
            }
        }
    }
}
