package org.leinao.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.StateTrace;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/**
 * A spike emitted in step s reaches its target in step s + d: a parrot relays a spike-generator
 * spike, and the target's membrane jumps exactly d steps after the parrot's spike time.
 */
class DelayTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10, 23, 75, 300})
    void spikeArrivesExactlyDelayStepsLater(int d) {
        double dt = 0.1;
        NetworkSpec spec = Network.builder().dt(dt)
                .population("src", 1, NeuronModels.parrot())
                .population("dst", 1, NeuronModels.iafPscDelta().with("E_L", 0).with("V_reset", 0).with("V_th", 1e6)
                        .with("tau_m", 1e9))
                .stimulus("sg", new Stimulus.SpikeTimes(1.0, 5.0), List.of("src"), 1.0, 0.1)
                .connect("src", "dst", Connector.oneToOne(), Distribution.constant(2.0), Distribution.constant(d * dt))
                .recordSpikes("src")
                .recordState("dst", List.of("V_m"), null, dt)
                .build();
        for (int threads = 1; threads <= 2; threads++) {
            Result r;
            try (Simulator sim = Simulator.create(spec, Threads.of(threads))) {
                r = sim.run(40.0);
            }
            double[] parrot = r.spikes("src").timesOf(0);
            // The generator spike at t reaches the parrot after its delay of 0.1 ms.
            assertThat(parrot).containsExactly(new double[] {1.1, 5.1}, within(1e-9));
            StateTrace v = r.state("dst", "V_m");
            int firstJump = -1;
            int secondJump = -1;
            for (int i = 0; i < v.samples(); i++) {
                if (firstJump < 0 && v.value(i, 0) > 1.0) {
                    firstJump = i;
                }
                if (secondJump < 0 && v.value(i, 0) > 3.0) {
                    secondJump = i;
                }
            }
            assertThat(v.time(firstJump)).isCloseTo(1.1 + d * dt, within(1e-9));
            assertThat(v.time(secondJump)).isCloseTo(5.1 + d * dt, within(1e-9));
        }
    }
}
