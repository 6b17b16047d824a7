package org.leinao.io.model;

import java.util.List;
import org.leinao.engine.spec.NetworkSpec;

/**
 * A model file turned into a validated network.
 *
 * @param name the file's {@code name:} (or the file name without extension)
 * @param spec the validated network in canonical units
 * @param durationMs the file's {@code duration:} in ms
 * @param source where the model came from: the file path, or {@code example:NAME} for an
 *     embedded example
 * @param warnings things that are valid (NEST accepts them) but probably not meant, e.g. a state
 *     recorder whose interval is longer than the run; located like problems
 */
public record LoadedModel(String name, NetworkSpec spec, double durationMs, String source, List<Problem> warnings) {

    /** Copies the warnings. */
    public LoadedModel {
        warnings = List.copyOf(warnings);
    }

    /** A model without warnings. */
    public LoadedModel(String name, NetworkSpec spec, double durationMs, String source) {
        this(name, spec, durationMs, source, List.of());
    }
}
