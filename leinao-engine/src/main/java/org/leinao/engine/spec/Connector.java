package org.leinao.engine.spec;

import java.util.List;

/**
 * A connection rule between a source and a target population, named and defined as in NEST's
 * {@code conn_spec} rules. Whether autapses and multapses are allowed is part of
 * {@link ProjectionSpec}.
 */
public sealed interface Connector {

    /** Adds a description of each invalid field to {@code problems}. */
    void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
            boolean samePopulation, List<String> problems);

    /** Every source to every target. */
    static Connector allToAll() {
        return new AllToAll();
    }

    /** Source i to target i; both populations must have the same size. */
    static Connector oneToOne() {
        return new OneToOne();
    }

    /** Each (source, target) pair independently with probability p. */
    static Connector pairwiseBernoulli(double p) {
        return new PairwiseBernoulli(p);
    }

    /** Each target receives exactly k connections from randomly chosen sources. */
    static Connector fixedIndegree(int k) {
        return new FixedIndegree(k);
    }

    /** Each source makes exactly k connections to randomly chosen targets. */
    static Connector fixedOutdegree(int k) {
        return new FixedOutdegree(k);
    }

    /** Exactly n connections between randomly chosen pairs. */
    static Connector fixedTotalNumber(long n) {
        return new FixedTotalNumber(n);
    }

    /** Explicit pairs of population-local indices. */
    static Connector explicit(int[] sources, int[] targets) {
        return new Explicit(sources, targets);
    }

    /** All-to-all connectivity. */
    record AllToAll() implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            // Always valid.
        }
    }

    /** One-to-one connectivity. */
    record OneToOne() implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            if (nSource != nTarget) {
                problems.add(where + ".connector: one_to_one needs source and target of equal size, got "
                        + nSource + " and " + nTarget);
            }
            if (samePopulation && !autapses) {
                problems.add(where + ".connector: one_to_one within one population with allow_autapses false "
                        + "would create no connection");
            }
        }
    }

    /** Pairwise Bernoulli (fixed probability) connectivity. */
    record PairwiseBernoulli(double p) implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            if (!(p >= 0 && p <= 1)) {
                problems.add(where + ".connector.p: expected a probability in [0, 1], got " + p);
            }
        }
    }

    /** Fixed in-degree connectivity. */
    record FixedIndegree(int k) implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            if (k < 0) {
                problems.add(where + ".connector.indegree: expected an integer >= 0, got " + k);
                return;
            }
            int available = samePopulation && !autapses ? nSource - 1 : nSource;
            if (!multapses && k > available) {
                problems.add(where + ".connector.indegree: " + k + " exceeds the " + available
                        + " available sources while allow_multapses is false");
            }
            if (multapses && k > 0 && available <= 0) {
                problems.add(where + ".connector.indegree: no source available");
            }
        }
    }

    /** Fixed out-degree connectivity. */
    record FixedOutdegree(int k) implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            if (k < 0) {
                problems.add(where + ".connector.outdegree: expected an integer >= 0, got " + k);
                return;
            }
            int available = samePopulation && !autapses ? nTarget - 1 : nTarget;
            if (!multapses && k > available) {
                problems.add(where + ".connector.outdegree: " + k + " exceeds the " + available
                        + " available targets while allow_multapses is false");
            }
            if (multapses && k > 0 && available <= 0) {
                problems.add(where + ".connector.outdegree: no target available");
            }
        }
    }

    /** Fixed total number of connections. */
    record FixedTotalNumber(long n) implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            if (n < 0 || n > Integer.MAX_VALUE - 16) {
                problems.add(where + ".connector.N: expected an integer in [0, " + (Integer.MAX_VALUE - 16) + "], got " + n);
                return;
            }
            long pairs = (long) nSource * nTarget - (samePopulation && !autapses ? nSource : 0);
            if (!multapses && n > pairs) {
                problems.add(where + ".connector.N: " + n + " exceeds the " + pairs
                        + " possible pairs while allow_multapses is false");
            }
            if (multapses && n > 0 && pairs <= 0) {
                problems.add(where + ".connector.N: no pair available");
            }
        }
    }

    /**
     * Explicit connections: {@code sources[i] -> targets[i]}, population-local indices.
     *
     * @param sources source indices
     * @param targets target indices, same length
     */
    record Explicit(int[] sources, int[] targets) implements Connector {
        @Override
        public void validate(String where, int nSource, int nTarget, boolean autapses, boolean multapses,
                boolean samePopulation, List<String> problems) {
            if (sources.length != targets.length) {
                problems.add(where + ".connector: explicit lists need equal lengths, got " + sources.length
                        + " sources and " + targets.length + " targets");
                return;
            }
            for (int i = 0; i < sources.length; i++) {
                if (sources[i] < 0 || sources[i] >= nSource) {
                    problems.add(where + ".connector.sources[" + i + "]: expected an index in [0, " + nSource
                            + "), got " + sources[i]);
                    return;
                }
                if (targets[i] < 0 || targets[i] >= nTarget) {
                    problems.add(where + ".connector.targets[" + i + "]: expected an index in [0, " + nTarget
                            + "), got " + targets[i]);
                    return;
                }
            }
        }
    }
}
