package org.leinao.engine.neuron;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable neuron model with its parameter values (canonical units: ms, mV, pA, pF, nS).
 * Obtain one from {@link NeuronModels}, e.g. {@code NeuronModels.iafPscExp().with("tau_m", 20)}.
 *
 * @param type the model family
 * @param params every parameter of the family, defaults filled in
 */
public record NeuronModel(ModelType type, Map<String, Double> params) {

    /** Fills in defaults and rejects unknown parameter names. */
    public NeuronModel {
        Map<String, Double> full = new LinkedHashMap<>();
        for (ParamDef d : type.params()) {
            full.put(d.name(), d.defaultValue());
        }
        for (Map.Entry<String, Double> e : params.entrySet()) {
            if (!full.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' for model "
                        + type.name() + NeuronModels.suggestion(e.getKey(), full.keySet()));
            }
            full.put(e.getKey(), e.getValue());
        }
        params = Collections.unmodifiableMap(full);
    }

    /** The model's NEST-style name. */
    public String name() {
        return type.name();
    }

    /** Value of parameter {@code name}. */
    public double get(String name) {
        Double v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "' for model " + type.name()
                    + NeuronModels.suggestion(name, params.keySet()));
        }
        return v;
    }

    /** A copy with parameter {@code name} set to {@code value} (canonical units). */
    public NeuronModel with(String name, double value) {
        Map<String, Double> p = new LinkedHashMap<>(params);
        if (!p.containsKey(name)) {
            throw new IllegalArgumentException("unknown parameter '" + name + "' for model " + type.name()
                    + NeuronModels.suggestion(name, p.keySet()));
        }
        p.put(name, value);
        return new NeuronModel(type, p);
    }

    /** A copy with several parameters set. */
    public NeuronModel with(Map<String, Double> values) {
        NeuronModel m = this;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            m = m.with(e.getKey(), e.getValue());
        }
        return m;
    }

    /** Adds a message per invalid parameter to {@code problems}. */
    public void validate(String where, List<String> problems) {
        for (Map.Entry<String, Double> e : params.entrySet()) {
            if (Double.isNaN(e.getValue())) {
                problems.add(where + "." + e.getKey() + ": expected a number, got NaN");
            }
        }
        type.validator().validate(params, where, problems);
    }

    /** Creates a block of {@code n} neurons at resolution dt (ms). */
    public NeuronBlock newBlock(int n, double dt) {
        return type.factory().create(params, n, dt);
    }
}
