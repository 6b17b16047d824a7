package org.leinao.io.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.PopulationSpec;
import org.leinao.engine.spec.ProjectionSpec;
import org.leinao.engine.spec.RecorderSpec;
import org.leinao.engine.spec.Stimulus;
import org.leinao.engine.spec.StimulusSpec;

/** A file using every construct becomes the expected {@link NetworkSpec}, in canonical units. */
class ModelFileTest {

    static String resource(String name) {
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/model/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LoadedModel good(String... overrides) {
        return ModelFile.parse(resource("good.yaml"), "good.yaml", List.of(overrides));
    }

    @Test
    void topLevelFields() {
        LoadedModel m = good();
        assertThat(m.name()).isEqualTo("everything");
        assertThat(m.durationMs()).isEqualTo(200.0);
        assertThat(m.spec().dt()).isEqualTo(0.05);
        assertThat(m.spec().seed()).isEqualTo(7);
        assertThat(m.source()).isEqualTo("good.yaml");
    }

    @Test
    void populationsWithUnitsConvertedAndLikeInherited() {
        NetworkSpec s = good().spec();
        assertThat(s.populations()).extracting(PopulationSpec::name)
                .containsExactly("exc", "inh", "cond", "delta", "relay");
        PopulationSpec exc = s.population("exc");
        assertThat(exc.size()).isEqualTo(80);
        assertThat(exc.model().name()).isEqualTo("iaf_psc_exp");
        assertThat(exc.model().get("C_m")).isCloseTo(250.0, within(1e-9));      // 0.25 nF
        assertThat(exc.model().get("tau_syn_ex")).isCloseTo(0.5, within(1e-12)); // 500 us
        assertThat(exc.model().get("V_th")).isCloseTo(-50.0, within(1e-12));     // -0.05 V
        assertThat(exc.model().get("I_e")).isCloseTo(100.0, within(1e-9));       // 0.1 nA
        assertThat(exc.model().get("tau_syn_in")).isEqualTo(2.0);                // NEST default
        assertThat(exc.initial().get("V_m")).isEqualTo(Distribution.uniform(-65, -50));
        assertThat(exc.initial().get("I_syn_ex")).isEqualTo(Distribution.normal(10, 2));

        PopulationSpec inh = s.population("inh");
        assertThat(inh.size()).isEqualTo(20);
        assertThat(inh.model().name()).isEqualTo("iaf_psc_exp");
        assertThat(inh.model().get("tau_m")).isEqualTo(10.0);                   // own value wins
        assertThat(inh.model().get("C_m")).isCloseTo(250.0, within(1e-9));      // inherited
        assertThat(inh.initial()).isEqualTo(exc.initial());

        PopulationSpec cond = s.population("cond");
        assertThat(cond.initial().get("g_ex")).isEqualTo(Distribution.lognormal(0.5, 0.2));
        assertThat(cond.initial().get("V_m")).isEqualTo(Distribution.exponential(2));
        assertThat(s.population("delta").initial().get("V_m"))
                .isEqualTo(Distribution.normalClipped(-70, 5, -75, -60));
        assertThat(s.population("relay").model().name()).isEqualTo("parrot_neuron");
    }

    @Test
    void projectionsExpandSourceAndTargetLists() {
        List<ProjectionSpec> p = good().spec().projections();
        assertThat(p).extracting(x -> x.source() + "->" + x.target()).containsExactly("exc->exc", "exc->inh",
                "inh->exc", "exc->cond", "exc->delta", "inh->delta", "relay->delta",
                "relay->relay", "delta->relay");
        assertThat(p.get(0).connector()).isEqualTo(Connector.pairwiseBernoulli(0.1));
        assertThat(p.get(0).weight()).isEqualTo(Distribution.constant(87.8));
        assertThat(p.get(0).delay()).isEqualTo(Distribution.constant(1.5));
        assertThat(p.get(0).allowAutapses()).isTrue();
        assertThat(p.get(2).connector()).isEqualTo(Connector.fixedIndegree(5));
        assertThat(p.get(2).weight()).isEqualTo(Distribution.normal(-300, 30));
        assertThat(p.get(2).delay()).isEqualTo(Distribution.uniform(0.5, 2));
        assertThat(p.get(2).allowAutapses()).isFalse();
        assertThat(p.get(2).allowMultapses()).isFalse();
        assertThat(p.get(3).connector()).isEqualTo(Connector.fixedOutdegree(2));
        assertThat(p.get(3).weight()).isEqualTo(Distribution.constant(2));
        assertThat(p.get(4).connector()).isEqualTo(Connector.fixedTotalNumber(30));
        assertThat(p.get(6).connector()).isEqualTo(Connector.oneToOne());
        Connector.Explicit ex = (Connector.Explicit) p.get(7).connector();
        assertThat(ex.sources()).containsExactly(0, 1);
        assertThat(ex.targets()).containsExactly(2, 3);
        assertThat(p.get(8).connector()).isEqualTo(Connector.allToAll());
        assertThat(p.get(8).delay()).isEqualTo(Distribution.normalClipped(1, 0.2, 0.5, Double.POSITIVE_INFINITY));
    }

    @Test
    void stimuliOfEveryType() {
        List<StimulusSpec> st = good().spec().stimuli();
        assertThat(st).hasSize(6);
        assertThat(st.get(0).device()).isEqualTo(new Stimulus.Poisson(8000, 10, 150));
        assertThat(st.get(0).targets()).containsExactly("exc", "inh");
        assertThat(st.get(0).weight()).isEqualTo(87.8);
        assertThat(st.get(0).delay()).isEqualTo(0.1);
        assertThat(st.get(0).name()).isEqualTo("poisson_0");
        assertThat(st.get(1).name()).isEqualTo("ramp");
        Stimulus.InhomogeneousPoisson ip = (Stimulus.InhomogeneousPoisson) st.get(1).device();
        assertThat(ip.times()).containsExactly(0, 50);
        assertThat(ip.rates()).containsExactly(10, 1000);
        assertThat(st.get(1).weight()).isEqualTo(1.0);
        Stimulus.SpikeTimes sp = (Stimulus.SpikeTimes) st.get(2).device();
        assertThat(sp.times()).containsExactly(1, 2, 3);
        assertThat(sp.neurons()).containsExactly(0, 1, 4);
        assertThat(st.get(3).device()).isEqualTo(new Stimulus.Dc(100, 0, Double.POSITIVE_INFINITY));
        Stimulus.StepCurrent sc = (Stimulus.StepCurrent) st.get(4).device();
        assertThat(sc.amplitudes()).containsExactly(50, 0);
        assertThat(st.get(5).device()).isEqualTo(new Stimulus.NoiseCurrent(10, 5, 0.5, 0, Double.POSITIVE_INFINITY));
    }

    @Test
    void recorders() {
        List<RecorderSpec> r = good().spec().recorders();
        assertThat(r).hasSize(5);
        assertThat(((RecorderSpec.Spikes) r.get(0)).neurons()).isNull();
        assertThat(((RecorderSpec.Spikes) r.get(1)).neurons()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(((RecorderSpec.Spikes) r.get(2)).neurons()).containsExactly(1, 2);
        RecorderSpec.State s = (RecorderSpec.State) r.get(3);
        assertThat(s.population()).isEqualTo("exc");
        assertThat(s.variables()).containsExactly("V_m", "I_syn_ex");
        assertThat(s.neurons()).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.interval()).isEqualTo(0.5);
        RecorderSpec.State c = (RecorderSpec.State) r.get(4);
        assertThat(c.neurons()).isNull();
        assertThat(c.interval()).isEqualTo(0.05); // default: dt
    }

    @Test
    void withoutRecordSectionAllSpikesAreRecorded() {
        String text = """
                populations:
                  a: {size: 3, model: iaf_psc_delta}
                  b: {size: 2, model: iaf_psc_delta}
                """;
        LoadedModel m = ModelFile.parse(text, "dir/tiny.yaml", List.of());
        assertThat(m.name()).isEqualTo("tiny");
        assertThat(m.durationMs()).isEqualTo(1000.0);
        assertThat(m.spec().dt()).isEqualTo(0.1);
        assertThat(m.spec().recorders()).extracting(RecorderSpec::population).containsExactly("a", "b");
    }

    @Test
    void quantitiesAcceptPrefixesAndNoSpace() {
        String text = """
                dt: 100us
                duration: 2 s
                populations:
                  a: {size: 1, model: iaf_cond_exp, params: {g_L: 0.01 uS, C_m: 200pF, tau_syn_ex: 5e-3 s, E_L: -6e1 mV}}
                stimuli:
                  - {type: poisson, rate: 0.02 MHz, targets: a, weight: 6000 pS, delay: 1 ms}
                """;
        NetworkSpec s = ModelFile.parse(text, "t.yaml", List.of()).spec();
        assertThat(s.dt()).isCloseTo(0.1, within(1e-12));
        assertThat(s.population("a").model().get("g_L")).isCloseTo(10, within(1e-9));
        assertThat(s.population("a").model().get("C_m")).isCloseTo(200, within(1e-9));
        assertThat(s.population("a").model().get("tau_syn_ex")).isCloseTo(5, within(1e-9));
        assertThat(s.population("a").model().get("E_L")).isCloseTo(-60, within(1e-9));
        assertThat(((Stimulus.Poisson) s.stimuli().get(0).device()).rate()).isCloseTo(20000, within(1e-6));
        assertThat(s.stimuli().get(0).weight()).isCloseTo(6, within(1e-9));
    }

    @Test
    void lognormalFromMeanAndStd() {
        String text = """
                populations:
                  a: {size: 1, model: iaf_psc_exp}
                projections:
                  - {from: a, to: a, weight: {lognormal: {mean: 100 pA, std: 50 pA}}, delay: 1 ms}
                """;
        Distribution.LogNormal d = (Distribution.LogNormal) ModelFile.parse(text, "t.yaml", List.of()).spec()
                .projections().get(0).weight();
        assertThat(d.mean()).isCloseTo(100, within(1e-9));
        double var = (Math.exp(d.sigma() * d.sigma()) - 1) * Math.exp(2 * d.mu() + d.sigma() * d.sigma());
        assertThat(Math.sqrt(var)).isCloseTo(50, within(1e-9));
    }

    @Test
    void scaleMultipliesSizesAndTotalNumbers() {
        String text = """
                scale: 0.5
                populations:
                  a: {size: 101, model: iaf_psc_exp}
                  b: {size: 1, model: iaf_psc_exp}
                projections:
                  - {from: a, to: a, connector: {fixed_total_number: 1000}, weight: 1 pA, delay: 1 ms}
                  - {from: a, to: b, connector: {fixed_indegree: 10}, weight: 1 pA, delay: 1 ms}
                """;
        NetworkSpec s = ModelFile.parse(text, "t.yaml", List.of()).spec();
        assertThat(s.population("a").size()).isEqualTo(51); // round(50.5)
        assertThat(s.population("b").size()).isEqualTo(1);  // never below 1
        assertThat(s.projections().get(0).connector()).isEqualTo(Connector.fixedTotalNumber(500));
        assertThat(s.projections().get(1).connector()).isEqualTo(Connector.fixedIndegree(10)); // unchanged
    }

    @Test
    void explicitIndexListsMixIntegersAndRanges() {
        String text = """
                populations:
                  a: {size: 10, model: iaf_psc_exp}
                projections:
                  - {from: a, to: a, connector: {explicit: {sources: [0, 1, "2..4"], targets: "5..9"}}, weight: 1 pA,
                     delay: 1 ms}
                """;
        Connector.Explicit c = (Connector.Explicit) ModelFile.parse(text, "t.yaml", List.of()).spec().projections()
                .get(0).connector();
        assertThat(c.sources()).containsExactly(0, 1, 2, 3, 4);
        assertThat(c.targets()).containsExactly(5, 6, 7, 8, 9);
        assertThatThrownBy(() -> ModelFile.parse(text.replace("\"2..4\"", "\"4..2\""), "t.yaml", List.of()))
                .hasMessageContaining("t.yaml:4:61: projections[0].connector.explicit.sources[2]: expected neuron indices");
    }

    @Test
    void missingFileIsAProblemNotAStackTrace() {
        assertThatThrownBy(() -> ModelFile.load(java.nio.file.Path.of("/nonexistent/x.yaml"), List.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("/nonexistent/x.yaml: no such file");
    }

    /** Issue 4 proposes this syntax; it must load as written. */
    @Test
    void issue4ExampleLoadsAsWritten() {
        String text = """
                name: brunel-ai
                dt: 0.1 ms
                duration: 1 s
                seed: 1
                populations:
                  exc: {size: 10000, model: iaf_psc_delta,
                        params: {C_m: 250 pF, tau_m: 20 ms, t_ref: 2 ms, E_L: 0 mV, V_th: 20 mV, V_reset: 10 mV},
                        init: {V_m: {uniform: [0 mV, 20 mV]}}}
                  inh: {size: 2500, like: exc}
                stimuli:
                  - {type: poisson, rate: 20 kHz, targets: [exc, inh], weight: 0.1 mV, delay: 1.5 ms}
                projections:
                  - {from: exc, to: [exc, inh], connector: {fixed_indegree: 1000}, weight: 0.1 mV, delay: 1.5 ms}
                  - {from: inh, to: [exc, inh], connector: {fixed_indegree: 250}, weight: -0.5 mV, delay: 1.5 ms}
                record: {spikes: [exc, inh], state: {population: exc, variables: [V_m], neurons: "0..9", interval: 0.5 ms}}
                """;
        NetworkSpec s = ModelFile.parse(text, "net.yaml", List.of()).spec();
        assertThat(s.neuronCount()).isEqualTo(12500);
        assertThat(s.projections()).hasSize(4);
        assertThat(s.recorders()).hasSize(3);
        assertThat(s.population("inh").model()).isEqualTo(s.population("exc").model());
    }

    @Test
    void loadReadsAFileAndNamesItInProblems(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("net.yaml");
        java.nio.file.Files.writeString(f, resource("good.yaml"));
        LoadedModel m = ModelFile.load(f, List.of("seed=9"));
        assertThat(m.source()).isEqualTo(f.toString());
        assertThat(m.spec().seed()).isEqualTo(9);
        java.nio.file.Files.write(f, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> ModelFile.load(f, List.of())).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": expected a UTF-8 text file (a YAML model), found bytes that are not UTF-8");
        java.nio.file.Files.writeString(f, "populations:\n  a: {size: 0, model: iaf_psc_exp}\n");
        assertThatThrownBy(() -> ModelFile.load(f, List.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(f + ":2:13: populations.a.size: expected an integer >= 1, got 0");
    }

    @Test
    void likeCycleIsReported() {
        String text = """
                populations:
                  a: {like: b}
                  b: {like: a}
                """;
        assertThatThrownBy(() -> ModelFile.parse(text, "c.yaml", List.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("c.yaml:2:13: populations.a.like: 'like' forms a cycle: a -> b -> a");
    }

    @Test
    void examplesListAndUnknownExample() {
        assertThat(ModelFile.examples()).containsExactlyInAnyOrder("cuba", "coba", "brunel", "izhikevich",
                "microcircuit");
        assertThatThrownBy(() -> ModelFile.example("brunell", List.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("brunell: no such example (did you mean 'brunel'?)");
    }
}
