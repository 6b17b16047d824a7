package org.leinao.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.ProjectionSpec;
import org.leinao.engine.synapse.Connections;

/** Connection rules produce exactly the degrees and counts they promise (NEST semantics). */
class ConnectorTest {
    private static final int NS = 300;
    private static final int NT = 200;

    private static Connections connect(Connector c, boolean same, boolean autapses, boolean multapses, int threads) {
        Network b = Network.builder().seed(11)
                .population("a", NS, NeuronModels.iafPscDelta())
                .population("b", NT, NeuronModels.iafPscDelta());
        b.connect(new ProjectionSpec("a", same ? "a" : "b", c, Distribution.uniform(0.1, 0.2),
                Distribution.constant(1.0), autapses, multapses));
        NetworkSpec spec = b.build();
        return Simulator.create(spec, Threads.of(threads)).connections();
    }

    @Test
    void fixedIndegreeIsExact() {
        for (boolean multapses : new boolean[] {true, false}) {
            Connections c = connect(Connector.fixedIndegree(57), false, true, multapses, 2);
            int[] in = new int[NS + NT];
            for (int t : c.targets()) {
                in[t]++;
            }
            for (int t = NS; t < NS + NT; t++) {
                assertThat(in[t]).isEqualTo(57);
            }
            if (!multapses) {
                assertNoMultapses(c);
            }
        }
        // k above half the sources takes the selection-sampling path.
        Connections c = connect(Connector.fixedIndegree(250), true, false, false, 3);
        assertNoMultapses(c);
        assertNoAutapses(c);
        int[] in = new int[NS];
        for (int t : c.targets()) {
            in[t]++;
        }
        for (int t = 0; t < NS; t++) {
            assertThat(in[t]).isEqualTo(250);
        }
    }

    @Test
    void fixedOutdegreeIsExact() {
        Connections c = connect(Connector.fixedOutdegree(33), true, false, false, 2);
        int[] out = new int[NS];
        for (int s : c.sources()) {
            out[s]++;
        }
        for (int s = 0; s < NS; s++) {
            assertThat(out[s]).isEqualTo(33);
        }
        assertNoAutapses(c);
        assertNoMultapses(c);
    }

    @Test
    void fixedTotalNumberIsExact() {
        assertThat(connect(Connector.fixedTotalNumber(12345), false, true, true, 2).size()).isEqualTo(12345);
        Connections c = connect(Connector.fixedTotalNumber(40000), true, false, true, 3);
        assertThat(c.size()).isEqualTo(40000);
        assertNoAutapses(c);
        // As in NEST, the rule needs multapses.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> connect(Connector.fixedTotalNumber(100), true, false, false, 1))
                .hasMessageContaining("allow_multapses");
    }

    @Test
    void pairwiseBernoulliCountWithinFourSigma() {
        double p = 0.1;
        Connections c = connect(Connector.pairwiseBernoulli(p), false, true, true, 2);
        double n = (double) NS * NT;
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat(Math.abs(c.size() - mean)).isLessThan(4 * sd);
        assertNoMultapses(c);
        Connections self = connect(Connector.pairwiseBernoulli(0.5), true, false, true, 1);
        assertNoAutapses(self);
        double ns = (double) NS * (NS - 1);
        assertThat(Math.abs(self.size() - ns * 0.5)).isLessThan(4 * Math.sqrt(ns * 0.25));
    }

    @Test
    void allToAllAndOneToOne() {
        assertThat(connect(Connector.allToAll(), false, true, true, 2).size()).isEqualTo(NS * NT);
        Connections self = connect(Connector.allToAll(), true, false, true, 2);
        assertThat(self.size()).isEqualTo(NS * (NS - 1));
        assertNoAutapses(self);
        Connections one = connect(Connector.oneToOne(), true, true, true, 3);
        assertThat(one.size()).isEqualTo(NS);
        for (int i = 0; i < one.size(); i++) {
            assertThat(one.targets()[i]).isEqualTo(one.sources()[i]);
        }
    }

    @Test
    void explicitListsAndWeightsInRange() {
        Connections c = connect(Connector.explicit(new int[] {0, 5, 5, 299}, new int[] {1, 2, 2, 199}), false, true,
                true, 2);
        assertThat(c.sources()).containsExactly(0, 5, 5, 299);
        assertThat(c.targets()).containsExactly(NS + 1, NS + 2, NS + 2, NS + 199);
        for (float w : c.weights()) {
            assertThat(w).isBetween(0.1f, 0.2f);
        }
    }

    private static void assertNoAutapses(Connections c) {
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.sources()[i]).isNotEqualTo(c.targets()[i]);
        }
    }

    private static void assertNoMultapses(Connections c) {
        Set<Long> pairs = new HashSet<>();
        for (int i = 0; i < c.size(); i++) {
            assertThat(pairs.add(((long) c.sources()[i] << 32) | c.targets()[i])).isTrue();
        }
    }
}
