package org.leinao.io.model;

import org.leinao.engine.spec.NetworkSpec;

/**
 * A model file turned into a validated network.
 *
 * @param name the file's {@code name:} (or the file name without extension)
 * @param spec the validated network in canonical units
 * @param durationMs the file's {@code duration:} in ms
 * @param source where the model came from: the file path, or {@code example:NAME} for an
 *     embedded example
 */
public record LoadedModel(String name, NetworkSpec spec, double durationMs, String source) {
}
