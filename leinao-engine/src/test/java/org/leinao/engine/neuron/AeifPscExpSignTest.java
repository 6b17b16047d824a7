package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;

/** {@code aeif_psc_exp} keeps I_syn_in positive, as NEST does (aeif_psc_exp.cpp: dV/dt has -I_syn_in). */
class AeifPscExpSignTest {

    @Test
    void anInhibitoryWeightRaisesISynInAndLowersTheMembrane() {
        NetworkSpec spec = Network.builder().dt(0.1).seed(1)
                .population("a", 1, NeuronModels.of("aeif_psc_exp"))
                .stimulus("inh", new Stimulus.SpikeTimes(1.0), List.of("a"), -100, 0.1)
                .recordState("a", List.of("V_m", "I_syn_in"), null, 0.1)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            Result r = sim.run(5.0);
            double[] i = r.state("a", "I_syn_in").values();
            double[] v = r.state("a", "V_m").values();
            double peak = 0;
            for (double x : i) {
                peak = Math.max(peak, x);
            }
            assertThat(peak).isCloseTo(100.0, offset(1e-9));
            assertThat(v[v.length - 1]).isLessThan(v[0]);
        }
    }
}
