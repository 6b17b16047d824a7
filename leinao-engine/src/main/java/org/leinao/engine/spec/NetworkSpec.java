package org.leinao.engine.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leinao.engine.neuron.ModelType;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.neuron.ParamDef;

/**
 * A complete, immutable network description. Build one with {@link Network#builder()} or from a
 * model file; {@link #validate()} lists every problem.
 *
 * @param dt resolution in ms
 * @param seed master seed of every random draw
 * @param populations populations in gid order
 * @param projections synaptic projections
 * @param stimuli stimulation devices
 * @param recorders recording devices
 */
public record NetworkSpec(double dt, long seed, List<PopulationSpec> populations, List<ProjectionSpec> projections,
        List<StimulusSpec> stimuli, List<RecorderSpec> recorders) {

    /** Copies the lists so the record stays immutable. */
    public NetworkSpec {
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        stimuli = List.copyOf(stimuli);
        recorders = List.copyOf(recorders);
    }

    /** The population called {@code name}, or null. */
    public PopulationSpec population(String name) {
        for (PopulationSpec p : populations) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Index of population {@code name} in {@link #populations()}, or -1. */
    public int populationIndex(String name) {
        for (int i = 0; i < populations.size(); i++) {
            if (populations.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Total number of neurons. */
    public long neuronCount() {
        long n = 0;
        for (PopulationSpec p : populations) {
            n += p.size();
        }
        return n;
    }

    /** A copy with another seed. */
    public NetworkSpec withSeed(long newSeed) {
        return new NetworkSpec(dt, newSeed, populations, projections, stimuli, recorders);
    }

    /** Every problem of this specification (empty when valid). */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (!(dt > 0) || !Double.isFinite(dt)) {
            problems.add("dt: expected a resolution > 0 ms, got " + dt);
            return problems;
        }
        if (populations.isEmpty()) {
            problems.add("populations: expected at least one population");
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (PopulationSpec p : populations) {
            String where = "populations." + p.name();
            if (p.name() == null || p.name().isBlank()) {
                problems.add("populations: a population has no name");
                continue;
            }
            if (!names.add(p.name())) {
                problems.add(where + ": duplicate population name");
            }
            if (!isName(p.name())) {
                problems.add(where + ": expected a name " + NAME_RULE + " (it names HDF5 groups and files), got '"
                        + p.name() + "'");
            }
            if (p.size() < 1) {
                problems.add(where + ".size: expected an integer >= 1, got " + p.size());
            }
            total += Math.max(0, p.size());
            p.model().validate(where + ".params", problems);
            for (ParamDef d : p.model().type().params()) {
                Double tau = p.model().params().get(d.name());
                // exp(-dt/tau) underflows beyond dt/tau ≈ 709 and the exact propagators become 0·∞ = NaN.
                if (d.name().startsWith("tau") && d.dimension() == Dimension.TIME && tau != null && tau > 0
                        && dt / tau > MAX_DT_OVER_TAU) {
                    problems.add(where + ".params." + d.name() + ": expected a time constant of at least dt/"
                            + (int) MAX_DT_OVER_TAU + " (" + dt / MAX_DT_OVER_TAU + " ms at dt = " + dt + " ms), got "
                            + tau + " ms");
                }
            }
            ModelType type = p.model().type();
            for (Map.Entry<String, Distribution> e : p.initial().entrySet()) {
                ParamDef s = type.state(e.getKey());
                if (s == null) {
                    List<String> stateNames = new ArrayList<>();
                    type.states().forEach(d -> stateNames.add(d.name()));
                    problems.add(where + ".init." + e.getKey() + ": " + type.name() + " has no state variable '"
                            + e.getKey() + "'" + NeuronModels.suggestion(e.getKey(), stateNames));
                } else {
                    e.getValue().validate(where + ".init." + e.getKey(), problems);
                }
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            problems.add("populations: at most " + (Integer.MAX_VALUE - 8) + " neurons in total, got " + total);
        }
        for (int i = 0; i < projections.size(); i++) {
            validateProjection(i, projections.get(i), problems);
        }
        for (int i = 0; i < stimuli.size(); i++) {
            validateStimulus(i, stimuli.get(i), problems);
        }
        Map<String, Integer> recordedBy = new HashMap<>();
        for (int i = 0; i < recorders.size(); i++) {
            validateRecorder(i, recorders.get(i), problems);
            if (recorders.get(i) instanceof RecorderSpec.State st) {
                for (String v : new HashSet<>(st.variables())) {
                    Integer first = recordedBy.putIfAbsent(st.population() + "/" + v, i);
                    if (first != null) {
                        // One trace per population and variable: outputs and Result are keyed so.
                        problems.add("record[" + i + "].variables: " + v + " of population " + st.population()
                                + " is already recorded by record[" + first + "]; record each variable of a"
                                + " population in one state recorder");
                    }
                }
            }
        }
        return problems;
    }

    /** Largest resolution over time constant: beyond it the propagators under- or overflow. */
    private static final double MAX_DT_OVER_TAU = 500;

    /** What {@link #isName} accepts, as messages say it. */
    public static final String NAME_RULE = "of ASCII letters, digits, '_', '-' and '.' that starts with a letter or '_'";

    /**
     * Whether {@code name} is a valid population name: ASCII letters, digits, '_', '-' and '.',
     * starting with a letter or '_', so that it is safe as an HDF5 group name and in a file name.
     */
    public static boolean isName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Throws {@link SpecException} listing every problem, if any. */
    public NetworkSpec validated() {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return this;
    }

    private void validateProjection(int i, ProjectionSpec p, List<String> problems) {
        String where = "projections[" + i + "] (" + p.source() + " -> " + p.target() + ")";
        PopulationSpec src = population(p.source());
        PopulationSpec tgt = population(p.target());
        if (src == null) {
            problems.add(where + ".from: unknown population '" + p.source() + "'" + suggestPopulation(p.source()));
        }
        if (tgt == null) {
            problems.add(where + ".to: unknown population '" + p.target() + "'" + suggestPopulation(p.target()));
        }
        p.weight().validate(where + ".weight", problems);
        p.delay().validate(where + ".delay", problems);
        validateDelay(where + ".delay", p.delay(), problems);
        if (src != null && tgt != null) {
            p.connector().validate(where, src.size(), tgt.size(), p.allowAutapses(), p.allowMultapses(),
                    src == tgt, problems);
        }
        if (p.connector() instanceof Connector.FixedTotalNumber && !p.allowMultapses()) {
            // As NEST: drawing N distinct pairs uniformly is not supported by this rule.
            problems.add(where + ".allow_multapses: fixed_total_number requires allow_multapses true (as in NEST)");
        }
    }

    private void validateDelay(String where, Distribution d, List<String> problems) {
        double hi = d.upperBound();
        if (Double.isFinite(hi) && Math.round(hi / dt) > Short.MAX_VALUE) {
            problems.add(where + ": delays are stored as at most " + Short.MAX_VALUE + " steps ("
                    + Short.MAX_VALUE * dt + " ms at dt = " + dt + " ms), this distribution reaches " + hi + " ms");
        }
        double lo = d.lowerBound();
        if (!(lo >= dt * (1 - 1e-9))) {
            if (d instanceof Distribution.Constant) {
                problems.add(where + ": expected a delay >= dt (" + dt + " ms), got " + lo + " ms");
            } else {
                problems.add(where + ": delays must be >= dt (" + dt + " ms) but this distribution can draw "
                        + lo + " ms; use constant, uniform or normal_clipped with min >= dt");
            }
        }
    }

    private void validateStimulus(int i, StimulusSpec s, List<String> problems) {
        String where = "stimuli[" + i + "]" + (s.name() == null ? "" : " (" + s.name() + ")");
        s.device().validate(where, dt, problems);
        if (s.targets().isEmpty()) {
            problems.add(where + ".targets: expected at least one target population");
        }
        if (new HashSet<>(s.targets()).size() != s.targets().size()) {
            problems.add(where + ".targets: a population is listed more than once " + s.targets());
        }
        for (String t : s.targets()) {
            if (population(t) == null) {
                problems.add(where + ".targets: unknown population '" + t + "'" + suggestPopulation(t));
            }
        }
        if (!s.device().isCurrent()) {
            if (!Double.isFinite(s.weight())) {
                problems.add(where + ".weight: expected a finite weight, got " + s.weight());
            }
            if (!(s.delay() >= dt * (1 - 1e-9)) || !Double.isFinite(s.delay())) {
                problems.add(where + ".delay: expected a delay >= dt (" + dt + " ms), got " + s.delay() + " ms");
            } else if (s.delay() / dt > 1e8) {
                problems.add(where + ".delay: expected at most 1e8 steps, got " + s.delay() + " ms");
            }
        }
        if (s.device() instanceof Stimulus.SpikeTimes st && st.neurons() != null) {
            long total = 0;
            for (String t : s.targets()) {
                PopulationSpec p = population(t);
                total += p == null ? 0 : p.size();
            }
            for (int k = 0; k < st.neurons().length; k++) {
                if (st.neurons()[k] >= total) {
                    problems.add(where + ".neurons[" + k + "]: expected an index below " + total + ", got "
                            + st.neurons()[k]);
                    break;
                }
            }
        }
    }

    private void validateRecorder(int i, RecorderSpec r, List<String> problems) {
        String where = "record[" + i + "]";
        PopulationSpec p = population(r.population());
        if (p == null) {
            problems.add(where + ".population: unknown population '" + r.population() + "'"
                    + suggestPopulation(r.population()));
            return;
        }
        int[] neurons = r instanceof RecorderSpec.Spikes s ? s.neurons() : ((RecorderSpec.State) r).neurons();
        if (neurons != null && neurons.length == 0) {
            problems.add(where + ".neurons: expected at least one neuron (omit the list to record all)");
        }
        if (neurons != null) {
            for (int k : neurons) {
                if (k < 0 || k >= p.size()) {
                    problems.add(where + ".neurons: expected indices in [0, " + p.size() + "), got " + k);
                    break;
                }
            }
        }
        if (r instanceof RecorderSpec.State st) {
            if (!(st.interval() > 0) || !TimeGrid.onGrid(st.interval(), dt)) {
                problems.add(where + ".interval: expected a positive multiple of dt (" + dt + " ms), got "
                        + st.interval() + " ms");
            } else if (TimeGrid.steps(st.interval(), dt) > Integer.MAX_VALUE) {
                // the engine counts the interval in int steps
                problems.add(where + ".interval: expected at most 2^31 - 1 steps of dt (" + dt + " ms), got "
                        + st.interval() + " ms");
            }
            if (st.variables().isEmpty()) {
                problems.add(where + ".variables: expected at least one state variable");
            }
            if (new HashSet<>(st.variables()).size() != st.variables().size()) {
                problems.add(where + ".variables: a variable is listed more than once " + st.variables());
            }
            for (String v : st.variables()) {
                if (p.model().type().state(v) == null) {
                    List<String> stateNames = new ArrayList<>();
                    p.model().type().states().forEach(d -> stateNames.add(d.name()));
                    problems.add(where + ".variables: " + p.model().name() + " has no state variable '" + v + "'"
                            + NeuronModels.suggestion(v, stateNames));
                }
            }
        }
    }

    private String suggestPopulation(String name) {
        List<String> names = new ArrayList<>();
        populations.forEach(p -> names.add(p.name()));
        return name == null ? "" : NeuronModels.suggestion(name, names);
    }
}
