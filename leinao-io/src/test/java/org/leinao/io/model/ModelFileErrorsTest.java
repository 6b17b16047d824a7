package org.leinao.io.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of mistake is reported with its file, line, column and field path, all at once. */
class ModelFileErrorsTest {

    /** Base network; line numbers below refer to this text (1-based). */
    static final String BASE = """
            name: t
            dt: 0.1 ms
            populations:
              exc:
                size: 100
                model: iaf_psc_exp
                params:
                  tau_m: 10 ms
                  V_th: -50 mV
              inh: {size: 25, like: exc}
            projections:
              - {from: exc, to: [exc, inh], connector: {fixed_indegree: 10}, weight: 87.8 pA, delay: 1.5 ms}
              - from: inh
                to: exc
                connector: {fixed_indegree: 5}
                weight: -350 pA
                delay: 1.5 ms
            stimuli:
              - {type: poisson, rate: 8 Hz, targets: exc, weight: 87.8 pA, delay: 1.5 ms}
            """;

    static List<String> problems(String text, String... overrides) {
        return ModelProblems.of(() -> ModelFile.parse(text, "net.yaml", List.of(overrides)));
    }

    static String edit(String from, String to) {
        return ModelProblems.edit(BASE, from, to);
    }

    @Test
    void baseIsValid() {
        assertThat(ModelFile.parse(BASE, "net.yaml", List.of()).spec().neuronCount()).isEqualTo(125);
    }

    @Test
    void hugeRangesAndUnsafeNamesAndTwiceRecordedVariablesAreRefused() {
        String ranged = BASE + "record: {spikes: [{population: exc, neurons: \"0..2147483647\"}]}\n";
        assertThat(problems(ranged)).containsExactly("net.yaml:20:46: record.spikes[0].neurons: expected a range of"
                + " at most 67,108,864 indices (use all for a whole population), got \"0..2147483647\"");
        assertThat(problems(BASE.replace("  inh: {size: 25, like: exc}", "  \"in h\": {size: 25, like: exc}")
                .replace("to: [exc, inh]", "to: [exc]"))).contains("net.yaml:10:3: populations: expected a"
                + " population name of ASCII letters, digits, '_', '-' and '.' that starts with a letter or '_' (it"
                + " names HDF5 groups and files), got 'in h'");
        String twice = BASE + """
                record:
                  state:
                    - {population: exc, variables: [V_m], interval: 0.1 ms}
                    - {population: exc, variables: [I_syn_ex, V_m], interval: 1 ms}
                """;
        assertThat(problems(twice)).containsExactly("net.yaml:23:36: record.state[1].variables: V_m of population exc"
                + " is already recorded by record[0]; record each variable of a population in one state recorder");
    }

    @Test
    void aliasesEscapingNamesAndOversizedPopulationsAreRefused() {
        assertThat(problems(BASE.replace("dt: 0.1 ms", "dt: &d 0.1 ms\nduration: *d"))).first().asString()
                .isEqualTo("net.yaml:3:11: duration: YAML anchors (&name) and aliases (*name) are not supported;"
                        + " write the value out (or use 'like' for populations)");
        assertThat(problems(BASE.replace("name: t", "name: ../escape"))).containsExactly("net.yaml:1:7: name: expected"
                + " a name of ASCII letters, digits, '_', '-' and '.' that starts with a letter or '_', got '../escape'");
        assertThat(problems(BASE.replace("size: 100", "size: 99999999999"))).first().asString()
                .isEqualTo("net.yaml:5:11: populations.exc.size: expected an integer <= 2147483647, got 99999999999");
    }

    @Test
    void aLikeThatChangesTheModelIsBlamedForInheritedParameters() {
        // inh copies exc's params (tau_m, V_th) but changes the model to izhikevich, which has no tau_m.
        assertThat(problems(BASE.replace("inh: {size: 25, like: exc}", "inh: {size: 25, like: exc, model: izhikevich}")
                .replace("to: [exc, inh]", "to: exc")))
                .containsExactly("net.yaml:10:25: populations.inh.like: inherits parameter 'tau_m' from exc, which"
                        + " izhikevich (the model of inh) does not have; keep exc's model or describe inh without 'like'");
    }

    @Test
    void wrongDimension() {
        assertThat(problems(edit("tau_m: 10 ms", "tau_m: 10 mV"))).containsExactly(
                "net.yaml:8:14: populations.exc.params.tau_m: expected a time such as \"10 ms\", got \"10 mV\"");
    }

    @Test
    void numberWithoutUnitAndUnknownUnit() {
        assertThat(problems(edit("tau_m: 10 ms", "tau_m: 10").replace("V_th: -50 mV", "V_th: -50 mv"))).containsExactly(
                "net.yaml:8:14: populations.exc.params.tau_m: expected a time such as \"10 ms\", got \"10\""
                        + " (a number without a unit)",
                "net.yaml:9:13: populations.exc.params.V_th: expected a voltage such as \"-70 mV\", got \"-50 mv\""
                        + " (unknown unit 'mv')");
    }

    @Test
    void weightDimensionFollowsTargetModel() {
        assertThat(problems(edit("weight: -350 pA", "weight: -0.5 mV"))).containsExactly(
                "net.yaml:16:13: projections[1].weight: expected a current such as \"376 pA\", got \"-0.5 mV\"");
        String cond = edit("model: iaf_psc_exp", "model: iaf_cond_exp").replace("tau_m: 10 ms", "g_L: 10 nS");
        assertThat(problems(cond)).hasSize(3).allMatch(p -> p.contains("expected a conductance such as"));
    }

    @Test
    void unknownKeysGetSuggestions() {
        assertThat(problems(edit("    size: 100", "    sise: 100"))).containsExactly(
                "net.yaml:5:5: populations.exc.sise: unknown key 'sise' (did you mean 'size'?)");
        // a typo far from every key still leaves the field missing
        assertThat(problems(edit("    size: 100", "    neurons: 100"))).containsExactly(
                "net.yaml:5:5: populations.exc.neurons: unknown key 'neurons'; expected one of size, model, like, params,"
                        + " init",
                "net.yaml:5:5: populations.exc.size: missing field 'size': expected the number of neurons, an integer >= 1");
        assertThat(problems(edit("tau_m: 10 ms", "tau_mm: 10 ms"))).containsExactly(
                "net.yaml:8:7: populations.exc.params.tau_mm: iaf_psc_exp has no parameter 'tau_mm' (did you mean 'tau_m'?)");
        assertThat(problems(edit("model: iaf_psc_exp", "model: iaf_psc_exq"))).containsExactly(
                "net.yaml:6:12: populations.exc.model: unknown neuron model 'iaf_psc_exq' (did you mean 'iaf_psc_exp'?)");
        assertThat(problems(edit("{fixed_indegree: 5}", "{fixed_indegre: 5}"))).containsExactly(
                "net.yaml:15:17: projections[1].connector.fixed_indegre: unknown connection rule 'fixed_indegre'"
                        + " (did you mean 'fixed_indegree'?)");
        assertThat(problems(edit("type: poisson", "type: poison"))).containsExactly(
                "net.yaml:19:12: stimuli[0].type: unknown stimulus type 'poison' (did you mean 'poisson'?)");
        assertThat(problems(BASE + "durration: 1 s\n")).containsExactly(
                "net.yaml:20:1: durration: unknown key 'durration' (did you mean 'duration'?)");
    }

    @Test
    void unknownPopulation() {
        assertThat(problems(edit("to: [exc, inh]", "to: [exc, ihn]"))).containsExactly(
                "net.yaml:12:27: projections[0].to: unknown population 'ihn' (did you mean 'inh'?)");
        assertThat(problems(edit("like: exc", "like: ex"))).containsExactly(
                "net.yaml:10:25: populations.inh.like: unknown population 'ex' (did you mean 'exc'?)");
    }

    @Test
    void missingField() {
        assertThat(problems(edit("    delay: 1.5 ms\n", ""))).containsExactly(
                "net.yaml:13:5: projections[1].delay: missing field 'delay': expected a delay such as \"1.5 ms\""
                        + " or a distribution");
        assertThat(problems(edit("{type: poisson, rate: 8 Hz,", "{type: poisson,"))).containsExactly(
                "net.yaml:19:5: stimuli[0].rate: missing field 'rate': expected a rate such as \"8 Hz\"");
    }

    @Test
    void badDistribution() {
        assertThat(problems(edit("weight: -350 pA", "weight: {gauss: [1 pA, 2 pA]}"))).containsExactly(
                "net.yaml:16:14: projections[1].weight.gauss: unknown distribution 'gauss'; expected one of"
                        + " constant, uniform, normal, normal_clipped, lognormal, exponential");
        assertThat(problems(edit("weight: -350 pA", "weight: {normal: {mean: -350 pA, std: 3 ms}}"))).containsExactly(
                "net.yaml:16:43: projections[1].weight.normal.std: expected a current such as \"376 pA\", got \"3 ms\"");
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        List<String> p = problems(edit("  inh: {size: 25, like: exc}", "  inh: {size: 25, like: exc"));
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).matches("net\\.yaml:\\d+:\\d+: invalid YAML: .+");
        List<String> q = problems("populations:\n  exc: {size: 1}\n   bad: indentation: here\n");
        assertThat(q).hasSize(1);
        assertThat(q.get(0)).startsWith("net.yaml:3:");
        assertThat(q.get(0)).doesNotContain("\n");
    }

    @Test
    void duplicateKey() {
        assertThat(problems(edit("    V_th: -50 mV", "    V_th: -50 mV\n      V_th: -55 mV"))).containsExactly(
                "net.yaml:10:7: populations.exc.params.V_th: duplicate key 'V_th' (first at line 9)");
    }

    @Test
    void engineValidationIsMappedToTheFile() {
        // V_reset above V_th: found by the engine's model validation, located at the parameter.
        String t = edit("V_th: -50 mV", "V_th: -50 mV\n      V_reset: -40 mV");
        assertThat(problems(t)).containsExactly(
                "net.yaml:10:16: populations.exc.params.V_reset: expected a value below V_th (-50.0 mV), got -40.0 mV",
                "net.yaml:11:8: populations.inh.params.V_reset: expected a value below V_th (-50.0 mV), got -40.0 mV");
        // In-degree larger than the source without multapses: located at the connector of the file's entry.
        String u = edit("connector: {fixed_indegree: 5}", "connector: {fixed_indegree: 50}\n    allow_multapses: false");
        assertThat(problems(u)).containsExactly(
                "net.yaml:15:33: projections[1].connector.fixed_indegree: inh -> exc: 50 exceeds the 25 available"
                        + " sources while allow_multapses is false");
    }

    /** QA: the engine's range checks printed bare numbers ("got -5.0"); each now carries its field's unit. */
    @Test
    void engineMessagesGiveTheUnitOfEveryNumber() {
        assertThat(problems(edit("tau_m: 10 ms", "tau_m: -5 ms"))).containsExactly(
                "net.yaml:8:14: populations.exc.params.tau_m: expected a finite value > 0 ms, got -5.0 ms",
                "net.yaml:10:8: populations.inh.params.tau_m: expected a finite value > 0 ms, got -5.0 ms");
        assertThat(problems(edit("rate: 8 Hz", "rate: -8 Hz"))).containsExactly(
                "net.yaml:19:27: stimuli[0].rate: expected a finite rate >= 0 Hz, got -8.0 Hz");
        assertThat(problems(edit("rate: 8 Hz", "rate: 8 Hz, start: 50 ms, stop: 10 ms"))).containsExactly(
                "net.yaml:19:5: stimuli[0]: expected 0 ms <= start <= stop, got start 50.0 ms, stop 10.0 ms");
        assertThat(problems(edit("weight: -350 pA", "weight: {normal: [-350 pA, -3.5 pA]}"))).containsExactly(
                "net.yaml:16:13: projections[1].weight: inh -> exc: normal needs a finite mean and std >= 0 pA,"
                        + " got mean -350 pA, std -3.5 pA");
        assertThat(problems(BASE, "dt=-1 ms")).contains("--set dt=-1 ms: dt: expected a resolution > 0 ms, got -1 ms");
        // plain numbers stay plain, numbers that already have a unit or count something are kept
        assertThat(problems(edit("{fixed_indegree: 5}", "{pairwise_bernoulli: 1.5}"))).containsExactly(
                "net.yaml:15:37: projections[1].connector.pairwise_bernoulli: inh -> exc: expected a probability in"
                        + " [0, 1], got 1.5");
        assertThat(problems(edit("    delay: 1.5 ms", "    delay: 10 s"))).containsExactly(
                "net.yaml:17:12: projections[1].delay: inh -> exc: delays are stored as at most 32767 steps"
                        + " (3276.7000000000003 ms at dt = 0.1 ms), this distribution reaches 10000.0 ms");
    }

    /** QA: a multimeter whose interval exceeds the run recorded zero samples without a word. */
    @Test
    void stateIntervalLongerThanTheRunIsAWarning() {
        String t = BASE + "duration: 100 ms\nrecord:\n  state:\n    - {population: inh, variables: [V_m, I_syn_ex],"
                + " interval: 250 ms}\n    - {population: exc, variables: [V_m], interval: 100 ms}\n";
        LoadedModel m = ModelFile.parse(t, "net.yaml", List.of());
        assertThat(m.warnings()).extracting(Problem::toString).containsExactly(
                "net.yaml:23:63: record.state[0].interval: the state recorder of inh (V_m, I_syn_ex) samples every"
                        + " 250 ms but the run lasts 100 ms, so it records no samples");
        // the duration decides, also when it comes from an override; an interval equal to it samples once
        assertThat(ModelFile.parse(t, "net.yaml", List.of("duration=250 ms")).warnings()).isEmpty();
        assertThat(ModelFile.parse(t, "net.yaml", List.of("duration=99.9 ms")).warnings()).hasSize(2);
        assertThat(ModelFile.parse(BASE, "net.yaml", List.of()).warnings()).isEmpty();
    }

    @Test
    void severalProblemsAtOnceInFileOrder() {
        String t = edit("tau_m: 10 ms", "tau_m: 10 mV").replace("to: [exc, inh]", "to: [exc, ihn]")
                .replace("rate: 8 Hz", "rate: 8 ms").replace("    size: 100", "    size: -3");
        List<String> p = problems(t);
        assertThat(p).hasSize(4);
        assertThat(p).extracting(s -> s.split(":")[1]).containsExactly("5", "8", "12", "19");
    }

    @Test
    void overrides() {
        LoadedModel m = ModelFile.parse(BASE, "net.yaml", List.of("populations.exc.size=2000", "seed=7",
                "duration=2 s", "projections[0].weight=0.1 nA", "populations.inh.params.tau_m=20 ms",
                "stimuli[0].targets=[exc, inh]", "projections[1].connector={pairwise_bernoulli: {p: 0.5}}"));
        assertThat(m.spec().population("exc").size()).isEqualTo(2000);
        assertThat(m.spec().seed()).isEqualTo(7);
        assertThat(m.durationMs()).isEqualTo(2000.0);
        assertThat(m.spec().projections().get(0).weight().mean()).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(m.spec().population("inh").model().get("tau_m")).isEqualTo(20.0);
        assertThat(m.spec().population("exc").model().get("tau_m")).isEqualTo(10.0);
        assertThat(m.spec().stimuli().get(0).targets()).containsExactly("exc", "inh");
        assertThat(m.spec().projections().get(2).connector())
                .isEqualTo(org.leinao.engine.spec.Connector.pairwiseBernoulli(0.5));
    }

    @Test
    void badOverrides() {
        assertThat(problems(BASE, "populations.exc.size=lots")).containsExactly(
                "--set populations.exc.size=lots: populations.exc.size: expected an integer, got \"lots\"");
        assertThat(problems(BASE, "populations.exc.tau_m=10 mV")).containsExactly(
                "--set populations.exc.tau_m=10 mV: populations.exc.tau_m: unknown key 'tau_m';"
                        + " expected one of size, model, like, params, init");
        assertThat(problems(BASE, "populations.exc.params.tau_m=10 mV")).containsExactly(
                "--set populations.exc.params.tau_m=10 mV: populations.exc.params.tau_m: expected a time such as"
                        + " \"10 ms\", got \"10 mV\"");
        assertThat(problems(BASE, "populations.ecx.size=3")).containsExactly(
                "--set populations.ecx.size=3: populations.ecx.size: unknown population 'ecx' (did you mean 'exc'?)");
        assertThat(problems(BASE, "projections[5].weight=1 pA")).containsExactly(
                "--set projections[5].weight=1 pA: projections[5].weight: projections has 2 item(s), so index 5"
                        + " does not exist");
        assertThat(problems(BASE, "sed=4")).containsExactly(
                "--set sed=4: sed: unknown key 'sed' (did you mean 'seed'?)");
        assertThat(problems(BASE, "seed")).containsExactly(
                "--set seed: expected path=value, e.g. populations.exc.size=2000");
        assertThat(problems(BASE, "dt=[1 ms")).hasSize(1).allMatch(s -> s.startsWith("--set dt=[1 ms: dt: invalid YAML"));
    }
}
