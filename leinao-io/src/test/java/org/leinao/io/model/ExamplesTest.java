package org.leinao.io.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.PopulationSpec;
import org.leinao.engine.spec.ProjectionSpec;
import org.leinao.engine.spec.Stimulus;

/** The example gallery: every file parses, validates and carries the published parameters. */
class ExamplesTest {

    static List<String> names() {
        return ModelFile.examples();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyExampleParsesAndValidates(String name) {
        LoadedModel m = ModelFile.example(name, List.of());
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.source()).isEqualTo("example:" + name);
        assertThat(m.spec().validate()).isEmpty();
        assertThat(m.durationMs()).isEqualTo(1000.0);
    }

    @Test
    void everyFileInExamplesDirectoryIsEmbedded() throws Exception {
        Path dir = Path.of("../examples");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                List<String> yaml = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                        .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
                assertThat(yaml).containsExactlyInAnyOrderElementsOf(ModelFile.examples());
            }
        }
    }

    @Test
    void cubaMatchesTheBrian2Benchmark() {
        NetworkSpec s = ModelFile.example("cuba", List.of()).spec();
        assertThat(s.dt()).isEqualTo(0.1);
        assertThat(s.population("exc").size()).isEqualTo(3200);
        assertThat(s.population("inh").size()).isEqualTo(800);
        PopulationSpec exc = s.population("exc");
        assertThat(exc.model().name()).isEqualTo("iaf_psc_exp");
        // g_L = C_m / tau_m = 10 nS turns Brian's 1.62 mV and -9 mV jumps into 16.2 pA and -90 pA.
        double gL = exc.model().get("C_m") / exc.model().get("tau_m");
        assertThat(s.projections().get(0).weight().mean()).isCloseTo(1.62 * gL, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.projections().get(2).weight().mean()).isCloseTo(-9 * gL, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(exc.initial().get("V_m")).isEqualTo(Distribution.uniform(-60, -50));
        assertThat(s.projections()).extracting(ProjectionSpec::connector).containsOnly(Connector.pairwiseBernoulli(0.02));
        assertThat(s.population("inh").model()).isEqualTo(exc.model());
    }

    @Test
    void cobaMatchesTheBrian2Benchmark() {
        NetworkSpec s = ModelFile.example("coba", List.of()).spec();
        PopulationSpec exc = s.population("exc");
        assertThat(exc.model().name()).isEqualTo("iaf_cond_exp");
        assertThat(exc.model().get("g_L")).isEqualTo(10.0);
        assertThat(exc.model().get("C_m")).isEqualTo(200.0);
        assertThat(exc.model().get("E_in")).isEqualTo(-80.0);
        assertThat(exc.initial().get("V_m")).isEqualTo(Distribution.normal(-65, 5));
        assertThat(exc.initial().get("g_ex")).isEqualTo(Distribution.normal(40, 15));
        assertThat(exc.initial().get("g_in")).isEqualTo(Distribution.normal(200, 120));
        assertThat(s.projections().get(0).weight()).isEqualTo(Distribution.constant(6));
        assertThat(s.projections().get(2).weight()).isEqualTo(Distribution.constant(-67));
    }

    @Test
    void brunelStatesAsOverrides() {
        NetworkSpec ai = ModelFile.example("brunel", List.of()).spec();
        assertThat(ai.neuronCount()).isEqualTo(12500);
        assertThat(((Stimulus.Poisson) ai.stimuli().get(0).device()).rate()).isEqualTo(20000.0);
        assertThat(ai.projections().get(2).weight()).isEqualTo(Distribution.constant(-0.5));
        NetworkSpec sr = ModelFile.example("brunel", List.of("projections[1].weight=-0.3 mV",
                "stimuli[0].rate=20 kHz")).spec();
        assertThat(sr.projections().get(2).weight()).isEqualTo(Distribution.constant(-0.3));
        NetworkSpec slow = ModelFile.example("brunel", List.of("projections[1].weight=-0.45 mV",
                "stimuli[0].rate=9 kHz")).spec();
        assertThat(((Stimulus.Poisson) slow.stimuli().get(0).device()).rate()).isEqualTo(9000.0);
    }

    @Test
    void microcircuitAtScaleOneTenth() {
        NetworkSpec s = ModelFile.example("microcircuit", List.of()).spec();
        assertThat(s.populations()).extracting(PopulationSpec::size)
                .containsExactly(2068, 583, 2192, 548, 485, 107, 1440, 295);
        // L2/3E -> L2/3E: 45,499,805 synapses at full scale, one tenth here.
        assertThat(s.projections().get(0).connector()).isEqualTo(Connector.fixedTotalNumber(Math.round(45_499_805 * 0.1)));
        NetworkSpec full = ModelFile.example("microcircuit", List.of("scale=1")).spec();
        assertThat(full.neuronCount()).isEqualTo(77169);
        long total = 0;
        for (ProjectionSpec p : full.projections()) {
            total += ((Connector.FixedTotalNumber) p.connector()).n();
        }
        assertThat(total).isBetween(298_000_000L, 300_000_000L); // ~0.3 billion (Potjans & Diesmann 2014)
        assertThat(full.stimuli()).hasSize(8);
        assertThat(((Stimulus.Poisson) full.stimuli().get(0).device()).rate()).isEqualTo(8.0 * 1600);
        // L4E -> L2/3E is doubled.
        ProjectionSpec l4e = full.projections().stream()
                .filter(p -> p.source().equals("L4E") && p.target().equals("L23E")).findFirst().orElseThrow();
        assertThat(l4e.weight().mean()).isEqualTo(175.6);
    }

    @Test
    void izhikevichHasThousandNeurons() {
        NetworkSpec s = ModelFile.example("izhikevich", List.of()).spec();
        assertThat(s.neuronCount()).isEqualTo(1000);
        assertThat(s.projections()).hasSize(36);
    }

    @Test
    void reducedBrunelRuns() {
        LoadedModel m = ModelFile.example("brunel", List.of("populations.exc.size=800", "populations.inh.size=200",
                "projections[0].connector.fixed_indegree=80", "projections[1].connector.fixed_indegree=20",
                "duration=200 ms", "record.state=null"));
        assertThat(m.spec().recorders()).hasSize(2);
        try (Simulator sim = Simulator.create(m.spec())) {
            Result r = sim.run(m.durationMs());
            assertThat(r.totalSpikes("exc")).isPositive();
            assertThat(r.rate("exc")).isBetween(1.0, 200.0);
        }
    }
}
