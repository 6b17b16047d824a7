package org.leinao.engine.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leinao.engine.neuron.NeuronModel;

/**
 * Fluent construction of a {@link NetworkSpec}:
 * <pre>{@code
 * NetworkSpec net = Network.builder().dt(0.1).seed(42)
 *     .population("exc", 3200, NeuronModels.iafPscExp().with("tau_m", 20))
 *     .population("inh", 800, NeuronModels.iafPscExp())
 *     .connect("exc", List.of("exc", "inh"), Connector.pairwiseBernoulli(0.02),
 *              Distribution.constant(87.8), Distribution.constant(1.5))
 *     .stimulus("bg", Stimulus.poisson(8.0 * 1600), List.of("exc"), 87.8, 1.5)
 *     .recordSpikes("exc", "inh")
 *     .build();
 * }</pre>
 * Units: ms, mV, pA, pF, nS, Hz.
 */
public final class Network {
    private double dt = 0.1;
    private long seed = 1;
    private final List<PopulationSpec> populations = new ArrayList<>();
    private final List<ProjectionSpec> projections = new ArrayList<>();
    private final List<StimulusSpec> stimuli = new ArrayList<>();
    private final List<RecorderSpec> recorders = new ArrayList<>();

    private Network() {
    }

    /** A new, empty builder (dt 0.1 ms, seed 1). */
    public static Network builder() {
        return new Network();
    }

    /** Sets the resolution in ms. */
    public Network dt(double dtMs) {
        this.dt = dtMs;
        return this;
    }

    /** Sets the master seed. */
    public Network seed(long s) {
        this.seed = s;
        return this;
    }

    /** Adds a population with default initial state. */
    public Network population(String name, int size, NeuronModel model) {
        return population(name, size, model, Map.of());
    }

    /** Adds a population with initial-state distributions per state variable. */
    public Network population(String name, int size, NeuronModel model, Map<String, Distribution> initial) {
        populations.add(new PopulationSpec(name, size, model, new LinkedHashMap<>(initial)));
        return this;
    }

    /** Connects {@code source} to each of {@code targets} with static synapses (NEST defaults for autapses/multapses). */
    public Network connect(String source, List<String> targets, Connector connector, Distribution weight,
            Distribution delay) {
        for (String t : targets) {
            projections.add(new ProjectionSpec(source, t, connector, weight, delay));
        }
        return this;
    }

    /** Connects {@code source} to {@code target} with static synapses. */
    public Network connect(String source, String target, Connector connector, Distribution weight,
            Distribution delay) {
        projections.add(new ProjectionSpec(source, target, connector, weight, delay));
        return this;
    }

    /** Adds a fully specified projection. */
    public Network connect(ProjectionSpec projection) {
        projections.add(projection);
        return this;
    }

    /** Adds a spike-emitting stimulus with weight and delay (ms). */
    public Network stimulus(String name, Stimulus device, List<String> targets, double weight, double delay) {
        stimuli.add(new StimulusSpec(name, device, targets, weight, delay));
        return this;
    }

    /** Adds a current stimulus (weight and delay unused). */
    public Network current(String name, Stimulus device, List<String> targets) {
        stimuli.add(new StimulusSpec(name, device, targets, 1.0, dt));
        return this;
    }

    /** Records all spikes of the named populations. */
    public Network recordSpikes(String... populationNames) {
        for (String p : populationNames) {
            recorders.add(new RecorderSpec.Spikes(p, null));
        }
        return this;
    }

    /** Records spikes of some neurons of a population. */
    public Network recordSpikes(String population, int[] neurons) {
        recorders.add(new RecorderSpec.Spikes(population, neurons));
        return this;
    }

    /** Samples state variables of some neurons (null for all) every {@code interval} ms. */
    public Network recordState(String population, List<String> variables, int[] neurons, double interval) {
        recorders.add(new RecorderSpec.State(population, variables, neurons, interval));
        return this;
    }

    /** The specification without validation. */
    public NetworkSpec spec() {
        return new NetworkSpec(dt, seed, populations, projections, stimuli, recorders);
    }

    /** The validated specification; throws {@link SpecException} listing every problem. */
    public NetworkSpec build() {
        return spec().validated();
    }
}
