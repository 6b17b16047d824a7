package org.leinao.engine.connect;

import org.leinao.engine.random.Purpose;
import org.leinao.engine.random.RandomStream;
import org.leinao.engine.spec.Connector;

/**
 * Draws the connections of one projection, deterministically from the seed alone. Target-driven
 * rules produce, for one target neuron, the list of its sources; the numbers come from the stream
 * (projection, target gid), so any thread that owns the target draws the same list. Source-driven
 * rules ({@code fixed_outdegree}) are keyed by the source gid instead. Connection semantics follow
 * NEST's connection rules (NEST documentation, "Connection management").
 */
public final class ConnectionRule {
    private final Connector connector;
    private final int projection;
    private final int nSource;
    private final int nTarget;
    private final int sourceOffset;
    private final int targetOffset;
    private final boolean noAutapses;
    private final boolean multapses;
    private final RandomStream rng;
    private final int[] mark;
    private int stamp;
    private int[] totalSplit;

    /**
     * @param connector the rule
     * @param projection projection index (part of every random key)
     * @param seed master seed
     * @param nSource source population size
     * @param nTarget target population size
     * @param sourceOffset gid of source 0
     * @param targetOffset gid of target 0
     * @param samePopulation whether source and target are the same population
     * @param autapses whether self-connections are allowed
     * @param multapses whether repeated pairs are allowed
     */
    public ConnectionRule(Connector connector, int projection, long seed, int nSource, int nTarget, int sourceOffset,
            int targetOffset, boolean samePopulation, boolean autapses, boolean multapses) {
        this(connector, projection, seed, nSource, nTarget, sourceOffset, targetOffset, samePopulation, autapses,
                multapses, null);
    }

    /**
     * As above, with the per-target split of a {@code fixed_total_number} rule computed once by
     * {@link #splitTotal} and shared by every thread and pass (null to compute it here).
     */
    public ConnectionRule(Connector connector, int projection, long seed, int nSource, int nTarget, int sourceOffset,
            int targetOffset, boolean samePopulation, boolean autapses, boolean multapses, int[] split) {
        this.connector = connector;
        this.projection = projection;
        this.nSource = nSource;
        this.nTarget = nTarget;
        this.sourceOffset = sourceOffset;
        this.targetOffset = targetOffset;
        this.noAutapses = samePopulation && !autapses;
        this.multapses = multapses;
        this.rng = new RandomStream(seed);
        boolean needsMark = !multapses && (connector instanceof Connector.FixedIndegree
                || connector instanceof Connector.FixedOutdegree || connector instanceof Connector.FixedTotalNumber);
        this.mark = needsMark ? new int[Math.max(nSource, nTarget)] : null;
        if (connector instanceof Connector.FixedTotalNumber(long n)) {
            totalSplit = split != null ? split : splitTotal(n, projection, seed, nSource, nTarget, noAutapses, multapses);
        }
    }

    /** Whether connections are drawn per source ({@link #targetsOf}) rather than per target. */
    public boolean sourceDriven() {
        return connector instanceof Connector.FixedOutdegree;
    }

    /** Whether connections come from an explicit list ({@link Connector.Explicit}). */
    public boolean explicit() {
        return connector instanceof Connector.Explicit;
    }

    /**
     * Appends the sources (population-local indices) of target {@code t} to {@code out}, in creation
     * order. Not for source-driven or explicit rules.
     */
    public void sourcesOf(int t, IntBuffer out) {
        out.clear();
        rng.reset(Purpose.of(Purpose.CONNECT, projection), targetOffset + (long) t);
        switch (connector) {
            case Connector.AllToAll a -> allSources(t, out);
            case Connector.OneToOne o -> {
                if (!noAutapses) {
                    out.add(t);
                }
            }
            case Connector.PairwiseBernoulli(double p) -> bernoulli(t, p, out);
            case Connector.FixedIndegree(int k) -> choose(k, nSource, noAutapses ? t : -1, out);
            case Connector.FixedTotalNumber n -> choose(totalSplit[t], nSource, noAutapses ? t : -1, out);
            default -> throw new IllegalStateException("not a target-driven rule: " + connector);
        }
    }

    /** Appends the targets of source {@code s} (fixed_outdegree) to {@code out}, in creation order. */
    public void targetsOf(int s, IntBuffer out) {
        out.clear();
        rng.reset(Purpose.of(Purpose.CONNECT, projection), sourceOffset + (long) s);
        int k = ((Connector.FixedOutdegree) connector).k();
        choose(k, nTarget, noAutapses ? s : -1, out);
    }

    /** Every source of target t, except t itself when autapses are excluded. */
    private void allSources(int t, IntBuffer out) {
        for (int s = 0; s < nSource; s++) {
            if (!(noAutapses && s == t)) {
                out.add(s);
            }
        }
    }

    private void bernoulli(int t, double p, IntBuffer out) {
        if (p <= 0) {
            return;
        }
        if (p >= 1) {
            allSources(t, out);
            return;
        }
        // Geometric skipping: the gap to the next success is Geometric(p), so the cost is O(p·n)
        // instead of one draw per pair.
        double logq = Math.log1p(-p);
        long s = -1;
        while (true) {
            s += 1 + (long) (Math.log(rng.nextDoubleNonZero()) / logq);
            if (s >= nSource) {
                return;
            }
            if (!(noAutapses && s == t)) {
                out.add((int) s);
            }
        }
    }

    /** k draws from [0, n) excluding {@code self}; distinct unless multapses are allowed. */
    private void choose(int k, int n, int self, IntBuffer out) {
        if (multapses) {
            for (int i = 0; i < k; i++) {
                int s;
                do {
                    s = rng.nextInt(n);
                } while (s == self);
                out.add(s);
            }
            return;
        }
        int available = self >= 0 ? n - 1 : n;
        if (k * 2L > available) {
            // Selection sampling (Knuth, TAOCP vol. 2, Algorithm S): each index in order.
            int needed = k;
            int left = available;
            for (int s = 0; s < n && needed > 0; s++) {
                if (s == self) {
                    continue;
                }
                if (rng.nextDouble() * left < needed) {
                    out.add(s);
                    needed--;
                }
                left--;
            }
            return;
        }
        if (++stamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(mark, 0);
            stamp = 1;
        }
        while (out.size() < k) {
            int s = rng.nextInt(n);
            if (s != self && mark[s] != stamp) {
                mark[s] = stamp;
                out.add(s);
            }
        }
    }

    /**
     * Splits a total number of connections over the targets, as NEST does for
     * {@code fixed_total_number}: a multinomial draw made of successive binomials, from one stream
     * keyed by the projection alone, so every thread computes the same split.
     *
     * @param n total number of connections
     * @param projection projection index
     * @param seed master seed
     * @param nSource source population size
     * @param nTarget target population size
     * @param noAutapses whether self-connections are excluded (same population, autapses off)
     * @param multapses whether repeated pairs are allowed
     * @return the number of connections of each target
     */
    public static int[] splitTotal(long n, int projection, long seed, int nSource, int nTarget, boolean noAutapses,
            boolean multapses) {
        RandomStream g = new RandomStream(seed, Purpose.of(Purpose.CONNECT_GLOBAL, projection), 0);
        int[] counts = new int[nTarget];
        int perTarget = noAutapses ? nSource - 1 : nSource;
        long remaining = n;
        long remainingCapacity = (long) perTarget * nTarget;
        for (int t = 0; t < nTarget && remaining > 0; t++) {
            long c;
            if (t == nTarget - 1) {
                c = remaining;
            } else if (multapses) {
                c = g.nextBinomial(remaining, 1.0 / (nTarget - t));
            } else {
                c = Math.min(perTarget, g.nextBinomial(remaining, (double) perTarget / remainingCapacity));
                // Keep the rest satisfiable by the remaining targets.
                long restCapacity = remainingCapacity - perTarget;
                if (remaining - c > restCapacity) {
                    c = remaining - restCapacity;
                }
            }
            counts[t] = (int) c;
            remaining -= c;
            remainingCapacity -= perTarget;
        }
        return counts;
    }
}
