package org.leinao.engine.spec;

/**
 * Static synapses from one population to another.
 *
 * @param source source population name
 * @param target target population name
 * @param connector connection rule
 * @param weight weight distribution (mV, pA or nS according to the target model; negative is
 *     inhibitory, as in NEST)
 * @param delay delay distribution in ms; values are rounded to the dt grid and must be ≥ dt
 * @param allowAutapses whether a neuron may connect to itself (same population only)
 * @param allowMultapses whether a pair may be connected more than once
 */
public record ProjectionSpec(String source, String target, Connector connector, Distribution weight,
        Distribution delay, boolean allowAutapses, boolean allowMultapses) {

    /** A projection with NEST's defaults: autapses and multapses allowed. */
    public ProjectionSpec(String source, String target, Connector connector, Distribution weight,
            Distribution delay) {
        this(source, target, connector, weight, delay, true, true);
    }
}
