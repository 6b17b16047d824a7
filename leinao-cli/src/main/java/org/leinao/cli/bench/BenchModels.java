package org.leinao.cli.bench;

import java.util.List;
import java.util.Map;
import org.leinao.engine.neuron.NeuronModel;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;

/**
 * The benchmark networks of Brette et al. 2007 (J. Comput. Neurosci. 23:349), built exactly as the
 * Brian2 peer script {@code shared/peers/brian2/bench.py} builds them: N neurons, NE = round(0.8 N)
 * excitatory, every pair connected with p = 80/N, dt 0.1 ms, 5 ms refractory period. Brian2's
 * synapses act with zero delay; here the smallest delay, one step (0.1 ms), is used.
 */
public final class BenchModels {
    private BenchModels() {
    }

    /**
     * CUBA (benchmark 2): dv/dt = (ge + gi − (v − E_l))/τ_m with ge, gi in mV decaying with 5 and
     * 10 ms and jumps of 1.62 mV and −9 mV. As {@code iaf_psc_exp} with C_m = 200 pF, τ_m = 20 ms,
     * the same dynamics have current jumps w = ge·C_m/τ_m: 16.2 pA and −90 pA.
     */
    public static NetworkSpec cuba(int n, long seed) {
        int ne = (int) Math.round(0.8 * n);
        double p = 80.0 / n;
        NeuronModel m = NeuronModels.iafPscExp().with("C_m", 200).with("tau_m", 20).with("tau_syn_ex", 5)
                .with("tau_syn_in", 10).with("E_L", -49).with("V_th", -50).with("V_reset", -60).with("t_ref", 5);
        Map<String, Distribution> init = Map.of("V_m", Distribution.uniform(-60, -50));
        return Network.builder().dt(0.1).seed(seed)
                .population("exc", ne, m, init)
                .population("inh", n - ne, m, init)
                .connect("exc", List.of("exc", "inh"), Connector.pairwiseBernoulli(p), Distribution.constant(16.2),
                        Distribution.constant(0.1))
                .connect("inh", List.of("exc", "inh"), Connector.pairwiseBernoulli(p), Distribution.constant(-90.0),
                        Distribution.constant(0.1))
                .recordSpikes("exc", "inh")
                .build();
    }

    /**
     * COBA (benchmark 1, Vogels &amp; Abbott 2005): {@code iaf_cond_exp} with C_m 200 pF, g_L 10 nS,
     * E_L −60, V_th −50, V_reset −60 mV, τ_syn 5/10 ms, E_ex 0, E_in −80 mV, weights 6 and 67 nS;
     * initial V = −60 + N(−5, 5) mV, g_ex = N(40, 15) nS, g_in = N(200, 120) nS as in bench.py.
     */
    public static NetworkSpec coba(int n, long seed) {
        int ne = (int) Math.round(0.8 * n);
        double p = 80.0 / n;
        // method 1 = forward Euler, the integration method bench.py uses for COBA.
        NeuronModel m = NeuronModels.iafCondExp().with("method", 1).with("C_m", 200).with("g_L", 10).with("E_L", -60)
                .with("V_th", -50).with("V_reset", -60).with("t_ref", 5).with("tau_syn_ex", 5)
                .with("tau_syn_in", 10).with("E_ex", 0).with("E_in", -80);
        Map<String, Distribution> init = Map.of("V_m", Distribution.normal(-65, 5),
                "g_ex", Distribution.normal(40, 15), "g_in", Distribution.normal(200, 120));
        return Network.builder().dt(0.1).seed(seed)
                .population("exc", ne, m, init)
                .population("inh", n - ne, m, init)
                .connect("exc", List.of("exc", "inh"), Connector.pairwiseBernoulli(p), Distribution.constant(6.0),
                        Distribution.constant(0.1))
                .connect("inh", List.of("exc", "inh"), Connector.pairwiseBernoulli(p), Distribution.constant(-67.0),
                        Distribution.constant(0.1))
                .recordSpikes("exc", "inh")
                .build();
    }
}
