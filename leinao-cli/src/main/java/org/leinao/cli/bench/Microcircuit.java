package org.leinao.cli.bench;

import java.util.List;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.io.model.ModelFile;

/** The Potjans &amp; Diesmann 2014 microcircuit of the example gallery at a given scale. */
final class Microcircuit {
    private Microcircuit() {
    }

    static NetworkSpec spec(double scale, long seed) {
        return ModelFile.example("microcircuit", List.of("scale=" + scale, "seed=" + seed)).spec();
    }
}
