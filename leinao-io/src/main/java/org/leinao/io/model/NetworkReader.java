package org.leinao.io.model;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leinao.engine.neuron.ModelType;
import org.leinao.engine.neuron.NeuronModel;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.neuron.ParamDef;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Dimension;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.PopulationSpec;
import org.leinao.engine.spec.ProjectionSpec;
import org.leinao.engine.spec.RecorderSpec;
import org.leinao.engine.spec.TimeGrid;
import org.leinao.engine.spec.Stimulus;
import org.leinao.engine.spec.StimulusSpec;
import org.leinao.events.SensorSize;
import org.leinao.events.io.EventFormatException;
import org.leinao.io.events.EventStimulus;
import org.leinao.io.events.EventStimulusException;
import org.leinao.io.model.YNode.YList;
import org.leinao.io.model.YNode.YMap;
import org.leinao.io.model.YNode.YScalar;

/**
 * Turns a model-file tree into a {@link NetworkSpec}: checks every key, unit and dimension and
 * reports each problem at its line and column. The syntax is documented in
 * {@code docs/model-files.md}.
 */
final class NetworkReader {
    static final List<String> TOP = List.of("name", "description", "dt", "duration", "seed", "scale", "populations",
            "projections", "stimuli", "record");
    static final List<String> POPULATION = List.of("size", "model", "like", "params", "init");
    static final List<String> PROJECTION = List.of("from", "to", "connector", "weight", "delay", "allow_autapses",
            "allow_multapses");
    static final List<String> CONNECTORS = List.of("all_to_all", "one_to_one", "pairwise_bernoulli", "fixed_indegree",
            "fixed_outdegree", "fixed_total_number", "explicit");
    static final List<String> STIMULUS_TYPES = List.of("poisson", "inhomogeneous_poisson", "spike_times", "events",
            "dc", "step_current", "noise");
    static final List<String> RECORD = List.of("spikes", "state");

    /** Result of reading. */
    record Read(String name, NetworkSpec spec, double durationMs, Map<Integer, String> projectionPaths,
            Map<Integer, String> recorderPaths, List<Problem> warnings) {
    }

    private final Reader r;
    private final String defaultName;

    private double dt = 0.1;
    private double scale = 1.0;
    private final Map<String, ModelType> popTypes = new LinkedHashMap<>();
    private final Map<String, YMap> popNodes = new LinkedHashMap<>();
    private final Map<String, Integer> popSizes = new HashMap<>();
    private final Path baseDir;
    /** The run's length, for the checks of event stimuli (read before the stimuli). */
    private double durationMs = 1000.0;
    /** Valid but probably not meant (an event recording longer than the run), located like problems. */
    private final List<Problem> warnings = new ArrayList<>();

    NetworkReader(Reader r, String defaultName) {
        this(r, defaultName, null);
    }

    /**
     * @param baseDir folder that relative file names (event stimuli) resolve against; null for the
     *                working directory
     */
    NetworkReader(Reader r, String defaultName, Path baseDir) {
        this.r = r;
        this.defaultName = defaultName;
        this.baseDir = baseDir;
    }

    /** Reads the whole file; returns null when a problem was reported. */
    Read read(YNode rootNode, int problemsBefore, List<Problem> problems) {
        YMap root = r.map(rootNode, "", "a mapping with populations, projections, ... (see docs/model-files.md)");
        if (root == null) {
            return null;
        }
        r.keys(root, "", TOP);
        String name = defaultName;
        if (root.has("name")) {
            String n = r.string(root.get("name"), "name", "a name");
            if (n != null && !NetworkSpec.isName(n)) {
                // It names the run's folder (runs/<name>): no separators, no "..".
                r.error(root.get("name").loc(), "name", "expected a name " + NetworkSpec.NAME_RULE + ", got '" + n
                        + "'");
            } else if (n != null) {
                name = n;
            }
        }
        if (root.has("description")) {
            r.string(root.get("description"), "description", "a text");
        }
        if (root.has("dt")) {
            Double v = r.quantity(root.get("dt"), "dt", Dimension.TIME);
            if (v != null) {
                dt = v;
            }
        }
        double duration = 1000.0;
        if (root.has("duration")) {
            Double v = r.quantity(root.get("duration"), "duration", Dimension.TIME);
            if (v != null) {
                double steps = dt > 0 ? v / dt : 0;
                if (!(v >= 0) || Double.isInfinite(v)) {
                    r.error(root.get("duration").loc(), "duration", "expected a finite time >= 0 ms, got "
                            + Units.format(v, Dimension.TIME));
                } else if (steps > 2e9) {
                    r.error(root.get("duration").loc(), "duration", "expected at most 2e9 steps of dt ("
                            + Units.format(dt, Dimension.TIME) + "), got " + Units.format(v, Dimension.TIME));
                } else if (dt > 0 && !TimeGrid.onGrid(v, dt)) {
                    // As NEST: simulated time must be a whole number of steps.
                    r.error(root.get("duration").loc(), "duration", "expected a multiple of dt ("
                            + Units.format(dt, Dimension.TIME) + "), got "
                            + Units.format(v, Dimension.TIME));
                } else {
                    duration = v;
                }
            }
        }
        durationMs = duration;
        long seed = 1;
        if (root.has("seed")) {
            Long v = r.integer(root.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE);
            if (v != null) {
                seed = v;
            }
        }
        if (root.has("scale")) {
            Double v = r.number(root.get("scale"), "scale");
            if (v != null) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    r.error(root.get("scale").loc(), "scale", "expected a number > 0, got " + v);
                } else {
                    scale = v;
                }
            }
        }

        List<PopulationSpec> pops = new ArrayList<>();
        YNode popsNode = r.required(root, "populations", "", "a mapping from population names to populations");
        YMap popsMap = popsNode == null ? null : r.map(popsNode, "populations",
                "a mapping from population names to populations");
        if (popsMap != null) {
            for (YNode.Entry e : popsMap.entries().values()) {
                if (!NetworkSpec.isName(e.key)) {
                    r.error(e.keyLoc, "populations", "expected a population name " + NetworkSpec.NAME_RULE
                            + " (it names HDF5 groups and files), got '" + e.key + "'");
                    continue;
                }
                YMap m = r.map(e.value, "populations." + e.key, "a population such as {size: 100, model: iaf_psc_exp}");
                if (m != null) {
                    popNodes.put(e.key, m);
                }
            }
            for (String p : popNodes.keySet()) {
                PopulationSpec ps = population(p);
                if (ps != null) {
                    pops.add(ps);
                    popSizes.put(p, ps.size());
                }
            }
        }

        List<ProjectionSpec> projs = new ArrayList<>();
        Map<Integer, String> projPaths = new HashMap<>();
        if (root.has("projections") && !Reader.isNull(root.get("projections"))) {
            List<YNode> items = listOf(root.get("projections"), "projections", "a list of projections");
            for (int i = 0; i < items.size(); i++) {
                String path = Reader.index("projections", i);
                int before = projs.size();
                projection(items.get(i), path, projs);
                for (int k = before; k < projs.size(); k++) {
                    projPaths.put(k, path);
                }
            }
        }

        List<StimulusSpec> stims = new ArrayList<>();
        if (root.has("stimuli") && !Reader.isNull(root.get("stimuli"))) {
            List<YNode> items = listOf(root.get("stimuli"), "stimuli", "a list of stimuli");
            for (int i = 0; i < items.size(); i++) {
                StimulusSpec s = stimulus(items.get(i), Reader.index("stimuli", i), i);
                if (s != null) {
                    stims.add(s);
                }
            }
        }

        List<RecorderSpec> recs = new ArrayList<>();
        Map<Integer, String> recPaths = new HashMap<>();
        if (!root.has("record")) {
            for (String p : popNodes.keySet()) {
                recs.add(new RecorderSpec.Spikes(p, null));
                recPaths.put(recs.size() - 1, "populations." + p);
            }
        } else if (!Reader.isNull(root.get("record"))) {
            record(root.get("record"), recs, recPaths);
        }

        if (problems.size() > problemsBefore) {
            return null;
        }
        return new Read(name, new NetworkSpec(dt, seed, pops, projs, stims, recs), duration, projPaths, recPaths,
                warnings);
    }

    private List<YNode> listOf(YNode n, String path, String what) {
        if (n instanceof YList l) {
            return l.items;
        }
        r.error(n.loc(), path, "expected " + what + " (items starting with '- '), got " + n.describe());
        return List.of();
    }

    // ---------------------------------------------------------------- populations

    /** The chain [p, like(p), like(like(p)), ...], or null after a problem (unknown or cyclic). */
    private List<String> likeChain(String p) {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String cur = p;
        while (cur != null) {
            if (!seen.add(cur)) {
                YMap m = popNodes.get(p);
                r.error(m.get("like").loc(), "populations." + p + ".like", "'like' forms a cycle: "
                        + String.join(" -> ", seen) + " -> " + cur);
                return null;
            }
            chain.add(cur);
            YMap m = popNodes.get(cur);
            YNode like = m.get("like");
            if (Reader.isNull(like)) {
                break;
            }
            String path = "populations." + cur + ".like";
            String target = r.string(like, path, "the name of another population");
            if (target == null) {
                return null;
            }
            if (!popNodes.containsKey(target)) {
                if (cur.equals(p)) {
                    r.error(like.loc(), path, "unknown population '" + target + "'"
                            + NeuronModels.suggestion(target, popNodes.keySet()));
                }
                return null;
            }
            cur = target;
        }
        return chain;
    }

    /** Value of {@code key} for population p, inherited through 'like'; the path is where it was written. */
    private record Found(YNode node, String path) {
    }

    private Found inherited(List<String> chain, String key) {
        for (String c : chain) {
            YNode n = popNodes.get(c).get(key);
            if (!Reader.isNull(n)) {
                return new Found(n, "populations." + c + "." + key);
            }
        }
        return null;
    }

    private PopulationSpec population(String p) {
        String path = "populations." + p;
        YMap m = popNodes.get(p);
        r.keys(m, path, POPULATION);
        List<String> chain = likeChain(p);
        if (chain == null) {
            return null;
        }
        Found size = inherited(chain, "size");
        Found model = inherited(chain, "model");
        if (size == null) {
            r.required(m, "size", path, "the number of neurons, an integer >= 1");
        }
        if (model == null) {
            r.required(m, "model", path, "a neuron model such as iaf_psc_exp");
        }
        Long n = size == null ? null : r.integer(size.node, size.path, 1, Integer.MAX_VALUE);
        ModelType type = null;
        if (model != null) {
            String mn = r.string(model.node, model.path, "a neuron model name");
            if (mn != null) {
                type = NeuronModels.type(mn);
                if (type == null) {
                    List<String> names = new ArrayList<>();
                    NeuronModels.all().forEach(t -> names.add(t.name()));
                    r.error(model.node.loc(), model.path, "unknown neuron model '" + mn + "'"
                            + NeuronModels.suggestion(mn, names));
                }
            }
        }
        if (type == null) {
            return null;
        }
        popTypes.put(p, type);
        for (ParamDef d : type.params()) {
            r.dimension(path + ".params." + d.name(), d.dimension());
        }
        for (ParamDef d : type.states()) {
            r.dimension(path + ".init." + d.name(), d.dimension());
        }
        // Parameters and initial states: the most specific population wins, key by key.
        Map<String, Double> params = new LinkedHashMap<>();
        Map<String, Distribution> init = new LinkedHashMap<>();
        boolean ok = n != null;
        for (int k = chain.size() - 1; k >= 0; k--) {
            String c = chain.get(k);
            YMap cm = popNodes.get(c);
            String cp = "populations." + c;
            YNode pn = cm.get("params");
            if (!Reader.isNull(pn)) {
                YMap pm = r.map(pn, cp + ".params", "a mapping of parameters such as {tau_m: 10 ms}");
                ok &= pm != null && (sameModel(chain, k, type) || inheritable(pm, c, p, m, type, "parameter", type::param))
                        && params(pm, cp + ".params", type, params);
            }
            YNode in = cm.get("init");
            if (!Reader.isNull(in)) {
                YMap im = r.map(in, cp + ".init", "a mapping of state variables such as {V_m: -70 mV}");
                ok &= im != null && (sameModel(chain, k, type) || inheritable(im, c, p, m, type, "state variable", type::state))
                        && init(im, cp + ".init", type, init);
            }
        }
        if (!ok) {
            return null;
        }
        int scaled = (int) Math.max(1, Math.min(Integer.MAX_VALUE - 8, Math.round(n * scale)));
        return new PopulationSpec(p, scaled, new NeuronModel(type, params), init);
    }

    /** Whether population chain[k] has model {@code type} (its own problems are then reported at it). */
    private boolean sameModel(List<String> chain, int k, ModelType type) {
        Found model = inherited(chain.subList(k, chain.size()), "model");
        return k == 0 || model == null || !(model.node instanceof YScalar s) || NeuronModels.type(s.text()) == type;
    }

    /**
     * Whether every key that p inherits from {@code from} through 'like' exists in p's model; if
     * not, the problem is p's (it changed the model), so it is reported at p's 'like'.
     */
    private boolean inheritable(YMap values, String from, String p, YMap pm, ModelType type, String what,
            java.util.function.Function<String, ParamDef> lookup) {
        boolean ok = true;
        for (String key : values.entries().keySet()) {
            if (lookup.apply(key) == null) {
                YNode at = pm.has("like") ? pm.get("like") : pm;
                r.error(at.loc(), "populations." + p + ".like", "inherits " + what + " '" + key + "' from " + from
                        + ", which " + type.name() + " (the model of " + p + ") does not have; keep " + from
                        + "'s model or describe " + p + " without 'like'");
                ok = false;
            }
        }
        return ok;
    }

    /** Reads the value of one known parameter or state variable; null after a problem. */
    @FunctionalInterface
    private interface ValueReader<T> {
        T read(YNode value, String path, ParamDef def);
    }

    private boolean params(YMap pm, String path, ModelType type, Map<String, Double> out) {
        return named(pm, path, type, type.params(), "parameter", this::paramValue, out);
    }

    private boolean init(YMap im, String path, ModelType type, Map<String, Distribution> out) {
        return named(im, path, type, type.states(), "state variable",
                (n, fp, def) -> r.distribution(n, fp, def.dimension()), out);
    }

    /**
     * Reads a mapping from names in {@code defs} to values (a population's {@code params} or
     * {@code init}); an unknown name is reported with the closest known one. False after a problem.
     */
    private <T> boolean named(YMap m, String path, ModelType type, List<ParamDef> defs, String kind,
            ValueReader<T> reader, Map<String, T> out) {
        boolean ok = true;
        for (YNode.Entry e : m.entries().values()) {
            String fp = Reader.join(path, e.key);
            ParamDef def = defs.stream().filter(d -> d.name().equals(e.key)).findFirst().orElse(null);
            T v = null;
            if (def == null) {
                r.error(e.keyLoc, fp, type.name() + " has no " + kind + " '" + e.key + "'"
                        + NeuronModels.suggestion(e.key, names(defs)));
            } else {
                v = reader.read(e.value, fp, def);
            }
            if (v == null) {
                ok = false;
            } else {
                out.put(e.key, v);
            }
        }
        return ok;
    }

    /** A parameter value in canonical units; a choice parameter (e.g. method: euler) as the index of the choice. */
    private Double paramValue(YNode n, String path, ParamDef def) {
        if (def.choices() == null) {
            return r.quantity(n, path, def.dimension());
        }
        int idx = n instanceof YScalar sc ? def.choiceIndex(sc.text()) : -1;
        if (idx < 0) {
            r.error(n.loc(), path, "expected one of " + String.join(", ", def.choices()) + ", got " + n.describe());
            return null;
        }
        return (double) idx;
    }

    private static List<String> names(List<ParamDef> defs) {
        return defs.stream().map(ParamDef::name).toList();
    }

    // ---------------------------------------------------------------- projections

    /** Population names that exist; reports unknown ones. Null after a problem. */
    private List<String> populations(YNode n, String path) {
        List<String> names = r.names(n, path, "a population name");
        if (names == null) {
            return null;
        }
        boolean ok = true;
        List<YNode> items = Reader.items(n);
        for (int i = 0; i < names.size(); i++) {
            String s = names.get(i);
            if (!popNodes.containsKey(s)) {
                r.error(items.get(i).loc(), path, "unknown population '" + s + "'"
                        + NeuronModels.suggestion(s, popNodes.keySet()));
                ok = false;
            }
        }
        return ok ? names : null;
    }

    /** The common weight dimension of the targets, or null after a problem (or when unknown). */
    private Dimension weightDimension(List<String> targets, YNode at, String path) {
        Dimension d = null;
        String first = null;
        for (String t : targets) {
            ModelType type = popTypes.get(t);
            if (type == null) {
                return null; // the population itself was reported
            }
            if (d == null) {
                d = type.weightDimension();
                first = t;
            } else if (d != type.weightDimension()) {
                r.error(at.loc(), path, "targets " + first + " (" + popTypes.get(first).name() + ", weights in "
                        + unitName(d) + ") and " + t + " (" + type.name() + ", weights in "
                        + unitName(type.weightDimension()) + ") need weights of different units; write one entry each");
                return null;
            }
        }
        return d;
    }

    private static String unitName(Dimension d) {
        return d.unit().isEmpty() ? "plain numbers" : d.unit();
    }

    private void projection(YNode node, String path, List<ProjectionSpec> out) {
        YMap m = r.map(node, path, "a projection such as {from: exc, to: inh, connector: {fixed_indegree: 100},"
                + " weight: 0.1 mV, delay: 1.5 ms}");
        if (m == null) {
            return;
        }
        r.keys(m, path, PROJECTION);
        YNode fromN = r.required(m, "from", path, "a source population (or a list of them)");
        YNode toN = r.required(m, "to", path, "a target population (or a list of them)");
        YNode wN = r.required(m, "weight", path, "a weight (mV, pA or nS by target model) or a distribution");
        YNode dN = r.required(m, "delay", path, "a delay such as \"1.5 ms\" or a distribution");
        List<String> from = fromN == null ? null : populations(fromN, Reader.join(path, "from"));
        List<String> to = toN == null ? null : populations(toN, Reader.join(path, "to"));
        Connector conn = m.has("connector") ? connector(m.get("connector"), Reader.join(path, "connector"))
                : Connector.allToAll();
        boolean autapses = true;
        boolean multapses = true;
        if (m.has("allow_autapses")) {
            Boolean b = r.bool(m.get("allow_autapses"), Reader.join(path, "allow_autapses"));
            autapses = b == null || b;
        }
        if (m.has("allow_multapses")) {
            Boolean b = r.bool(m.get("allow_multapses"), Reader.join(path, "allow_multapses"));
            multapses = b == null || b;
        }
        Distribution delay = dN == null ? null : r.distribution(dN, Reader.join(path, "delay"), Dimension.TIME);
        Distribution weight = null;
        if (to != null && wN != null) {
            Dimension wd = weightDimension(to, toN, Reader.join(path, "to"));
            if (wd != null) {
                weight = r.distribution(wN, Reader.join(path, "weight"), wd);
            }
        }
        if (from == null || to == null || weight == null || delay == null || conn == null) {
            return;
        }
        for (String s : from) {
            for (String t : to) {
                out.add(new ProjectionSpec(s, t, conn, weight, delay, autapses, multapses));
            }
        }
    }

    private Connector connector(YNode n, String path) {
        String rule;
        YNode arg = null;
        Loc ruleLoc = n.loc();
        if (n instanceof YScalar) {
            rule = r.string(n, path, "a connection rule");
            if (rule == null) {
                return null;
            }
        } else if (n instanceof YMap m && m.entries().size() == 1) {
            YNode.Entry e = m.entries().values().iterator().next();
            rule = e.key;
            arg = e.value;
            ruleLoc = e.keyLoc;
        } else {
            r.error(n.loc(), path, "expected a connection rule such as all_to_all or {fixed_indegree: 100}, got "
                    + n.describe());
            return null;
        }
        String sub = Reader.join(path, rule);
        switch (rule) {
            case "all_to_all":
                return noArgument(arg, sub) ? Connector.allToAll() : null;
            case "one_to_one":
                return noArgument(arg, sub) ? Connector.oneToOne() : null;
            case "pairwise_bernoulli": {
                YNode p = argument(arg, ruleLoc, sub, "p", "a probability such as {p: 0.1}");
                if (p == null) {
                    return null;
                }
                Double v = r.number(p, p == arg ? sub : Reader.join(sub, "p"));
                return v == null ? null : Connector.pairwiseBernoulli(v);
            }
            case "fixed_indegree": {
                YNode k = argument(arg, ruleLoc, sub, "indegree", "an in-degree such as 100");
                Long v = k == null ? null : r.integer(k, k == arg ? sub : Reader.join(sub, "indegree"), 0,
                        Integer.MAX_VALUE);
                return v == null ? null : Connector.fixedIndegree(v.intValue());
            }
            case "fixed_outdegree": {
                YNode k = argument(arg, ruleLoc, sub, "outdegree", "an out-degree such as 100");
                Long v = k == null ? null : r.integer(k, k == arg ? sub : Reader.join(sub, "outdegree"), 0,
                        Integer.MAX_VALUE);
                return v == null ? null : Connector.fixedOutdegree(v.intValue());
            }
            case "fixed_total_number": {
                YNode k = argument(arg, ruleLoc, sub, "N", "a number of connections such as 5000");
                Long v = k == null ? null : r.integer(k, k == arg ? sub : Reader.join(sub, "N"), 0, Long.MAX_VALUE);
                return v == null ? null : Connector.fixedTotalNumber(Math.round(v * scale));
            }
            case "explicit": {
                YMap m = arg == null ? null : r.map(arg, sub, "{sources: [...], targets: [...]}");
                if (m == null) {
                    if (arg == null) {
                        r.error(ruleLoc, sub, "expected {sources: [...], targets: [...]}, got nothing");
                    }
                    return null;
                }
                r.keys(m, sub, List.of("sources", "targets"));
                YNode s = r.required(m, "sources", sub, "a list of source indices");
                YNode t = r.required(m, "targets", sub, "a list of target indices");
                boolean[] all = new boolean[1];
                int[] si = s == null ? null : r.indices(s, Reader.join(sub, "sources"), all);
                int[] ti = t == null ? null : r.indices(t, Reader.join(sub, "targets"), all);
                if (all[0]) {
                    r.error(m.loc(), sub, "explicit connections need index lists, not 'all'");
                    return null;
                }
                return si == null || ti == null ? null : Connector.explicit(si, ti);
            }
            default:
                r.error(ruleLoc, sub, "unknown connection rule '" + rule + "'" + NeuronModels.suggestion(rule, CONNECTORS));
                return null;
        }
    }

    private boolean noArgument(YNode arg, String path) {
        if (arg == null || Reader.isNull(arg) || arg instanceof YMap m && m.entries().isEmpty()) {
            return true;
        }
        r.error(arg.loc(), path, "expected no argument, got " + arg.describe());
        return false;
    }

    /** The rule's single argument, given directly or as {key: value}. */
    private YNode argument(YNode arg, Loc ruleLoc, String path, String key, String what) {
        if (arg == null || Reader.isNull(arg)) {
            r.error(arg == null ? ruleLoc : arg.loc(), path, "expected " + what + ", got nothing");
            return null;
        }
        if (arg instanceof YMap m) {
            r.keys(m, path, List.of(key));
            return r.required(m, key, path, what);
        }
        return arg;
    }

    // ---------------------------------------------------------------- stimuli

    private static final Map<String, List<String>> STIMULUS_KEYS = Map.of(
            "poisson", List.of("rate", "start", "stop", "weight", "delay"),
            "inhomogeneous_poisson", List.of("times", "rates", "weight", "delay"),
            "spike_times", List.of("times", "neurons", "weight", "delay"),
            "events", List.of("file", "sensor", "crop", "downsample", "polarity", "start", "stop", "offset",
                    "max_events", "weight", "delay"),
            "dc", List.of("amplitude", "start", "stop"),
            "step_current", List.of("times", "amplitudes"),
            "noise", List.of("mean", "std", "dt", "start", "stop"));

    private StimulusSpec stimulus(YNode node, String path, int i) {
        YMap m = r.map(node, path, "a stimulus such as {type: poisson, rate: 8 Hz, targets: exc, weight: 87.8 pA,"
                + " delay: 1.5 ms}");
        if (m == null) {
            return null;
        }
        YNode typeN = r.required(m, "type", path, "a stimulus type: " + String.join(", ", STIMULUS_TYPES));
        String type = typeN == null ? null : r.string(typeN, Reader.join(path, "type"), "a stimulus type");
        if (type == null) {
            r.keys(m, path, List.of("type", "name", "targets"));
            return null;
        }
        List<String> allowed = STIMULUS_KEYS.get(type);
        if (allowed == null) {
            r.error(typeN.loc(), Reader.join(path, "type"), "unknown stimulus type '" + type + "'"
                    + NeuronModels.suggestion(type, STIMULUS_TYPES));
            return null;
        }
        List<String> keys = new ArrayList<>(List.of("type", "name", "targets"));
        keys.addAll(allowed);
        r.keys(m, path, keys);
        String name = type + "_" + i;
        if (m.has("name")) {
            String n = r.string(m.get("name"), Reader.join(path, "name"), "a name");
            name = n == null ? name : n;
        }
        YNode targetsN = r.required(m, "targets", path, "a target population (or a list of them)");
        List<String> targets = targetsN == null ? null : populations(targetsN, Reader.join(path, "targets"));
        int before = problemCount();
        double start = opt(m, "start", path, Dimension.TIME, 0.0);
        double stop = opt(m, "stop", path, Dimension.TIME, Double.POSITIVE_INFINITY);
        Stimulus device = switch (type) {
            case "poisson" -> {
                Double rate = req(m, "rate", path, Dimension.RATE);
                yield rate == null ? null : new Stimulus.Poisson(rate, start, stop);
            }
            case "inhomogeneous_poisson" -> {
                double[] t = reqList(m, "times", path, Dimension.TIME);
                double[] rt = reqList(m, "rates", path, Dimension.RATE);
                yield t == null || rt == null ? null : new Stimulus.InhomogeneousPoisson(t, rt);
            }
            case "spike_times" -> {
                double[] t = reqList(m, "times", path, Dimension.TIME);
                int[] nrn = null;
                if (m.has("neurons")) {
                    boolean[] all = new boolean[1];
                    nrn = r.indices(m.get("neurons"), Reader.join(path, "neurons"), all);
                }
                yield t == null ? null : new Stimulus.SpikeTimes(t, nrn);
            }
            case "events" -> targets == null ? null : events(m, path, start, stop, targets, targetsN);
            case "dc" -> {
                Double a = req(m, "amplitude", path, Dimension.CURRENT);
                yield a == null ? null : new Stimulus.Dc(a, start, stop);
            }
            case "step_current" -> {
                double[] t = reqList(m, "times", path, Dimension.TIME);
                double[] a = reqList(m, "amplitudes", path, Dimension.CURRENT);
                yield t == null || a == null ? null : new Stimulus.StepCurrent(t, a);
            }
            default -> { // noise
                Double mean = req(m, "mean", path, Dimension.CURRENT);
                Double std = req(m, "std", path, Dimension.CURRENT);
                double dtNoise = opt(m, "dt", path, Dimension.TIME, dt);
                yield mean == null || std == null ? null : new Stimulus.NoiseCurrent(mean, std, dtNoise, start, stop);
            }
        };
        if (device == null || targets == null || problemCount() > before) {
            return null;
        }
        if (device.isCurrent()) {
            return new StimulusSpec(name, device, targets, 1.0, dt);
        }
        YNode wN = r.required(m, "weight", path, "a weight (mV, pA or nS by target model)");
        YNode dN = r.required(m, "delay", path, "a delay such as \"1.5 ms\"");
        Dimension wd = weightDimension(targets, targetsN, Reader.join(path, "targets"));
        Double w = wN == null || wd == null ? null : r.quantity(wN, Reader.join(path, "weight"), wd);
        Double d = dN == null ? null : r.quantity(dN, Reader.join(path, "delay"), Dimension.TIME);
        return w == null || d == null ? null : new StimulusSpec(name, device, targets, w, d);
    }

    /**
     * Reads the file of an {@code events} stimulus and maps it to spikes; every problem (missing or
     * unreadable file, bad option, target size not what the mapping needs) is located at its key.
     */
    private Stimulus events(YMap m, String path, double start, double stop, List<String> targets, YNode targetsN) {
        int before = problemCount();
        YNode fileN = r.required(m, "file", path, "an event file such as digit.bin (relative to the model file)");
        String fileName = fileN == null ? null : r.string(fileN, Reader.join(path, "file"), "a file name");
        SensorSize sensor = null;
        YNode sn = m.get("sensor");
        if (!Reader.isNull(sn)) {
            sensor = sensor(sn, Reader.join(path, "sensor"));
        }
        int[] crop = null;
        YNode cn = m.get("crop");
        if (!Reader.isNull(cn)) {
            crop = crop(cn, Reader.join(path, "crop"));
        }
        int factor = 1;
        if (!Reader.isNull(m.get("downsample"))) {
            Long v = r.integer(m.get("downsample"), Reader.join(path, "downsample"), 1, 65_535);
            factor = v == null ? 1 : v.intValue();
        }
        EventStimulus.Polarity pol = EventStimulus.Polarity.SPLIT;
        YNode pn = m.get("polarity");
        if (!Reader.isNull(pn)) {
            String ps = r.string(pn, Reader.join(path, "polarity"), "split, merge, on or off");
            if (ps != null) {
                pol = EventStimulus.Polarity.parse(ps);
                if (pol == null) {
                    r.error(pn.loc(), Reader.join(path, "polarity"), "expected split, merge, on or off, got \""
                            + ps + "\"" + NeuronModels.suggestion(ps, List.of("split", "merge", "on", "off")));
                }
            }
        }
        double offset = opt(m, "offset", path, Dimension.TIME, 0.0);
        long max = EventStimulus.DEFAULT_MAX_EVENTS;
        if (!Reader.isNull(m.get("max_events"))) {
            Long v = r.integer(m.get("max_events"), Reader.join(path, "max_events"), 0, Long.MAX_VALUE);
            max = v == null ? max : v;
        }
        if (fileName == null || problemCount() > before) {
            return null;
        }
        Path file = Path.of(fileName);
        if (!file.isAbsolute() && baseDir != null) {
            file = baseDir.resolve(file);
        }
        String filePath = Reader.join(path, "file");
        EventStimulus.Mapping mapping;
        EventStimulus ev;
        try {
            ev = new EventStimulus(file, sensor, crop == null ? null
                    : new EventStimulus.Crop(crop[0], crop[1], crop[2], crop[3]), factor, pol, start, stop, offset, max);
            mapping = ev.map(dt);
        } catch (EventStimulusException e) {
            YNode at = m.get(e.option());
            r.error(at == null ? fileN.loc() : at.loc(), at == null ? filePath : Reader.join(path, e.option()),
                    e.problem());
            return null;
        } catch (NoSuchFileException e) {
            r.error(fileN.loc(), filePath, "no such file: " + file);
            return null;
        } catch (EventFormatException e) {
            r.error(fileN.loc(), filePath, e.getMessage());
            return null;
        } catch (IOException e) {
            r.error(fileN.loc(), filePath, "cannot read " + file + ": " + e.getMessage());
            return null;
        }
        long total = 0;
        for (String t : targets) {
            Integer size = popSizes.get(t);
            if (size == null) {
                return null; // the population itself was reported
            }
            total += size;
        }
        if (total != mapping.neuronCount()) {
            r.error(targetsN.loc(), Reader.join(path, "targets"), "the event mapping needs "
                    + mapping.neuronCount() + " neurons (" + mapping.geometry().describe() + "), the targets have "
                    + total + (scale != 1.0 ? " (after scale " + scale + ")" : ""));
            return null;
        }
        boolean usable = true;
        for (EventStimulus.Issue issue : ev.check(mapping, durationMs)) {
            YNode at = m.get(issue.option());
            String where = at == null ? filePath : Reader.join(path, issue.option());
            if (issue.error()) {
                r.error(at == null ? fileN.loc() : at.loc(), where, issue.message());
                usable = false;
            } else {
                warnings.add(Problem.at(at == null ? fileN.loc() : at.loc(), where, issue.message()));
            }
        }
        return usable ? mapping.stimulus() : null;
    }

    /** {@code 34x34} or {@code [34, 34]}; null after a problem. */
    private SensorSize sensor(YNode n, String path) {
        if (n instanceof YList l && l.items.size() == 2) {
            Long w = r.integer(l.items.get(0), Reader.index(path, 0), 1, 65_535);
            Long h = r.integer(l.items.get(1), Reader.index(path, 1), 1, 65_535);
            return w == null || h == null ? null : new SensorSize(w.intValue(), h.intValue());
        }
        if (n instanceof YScalar s && s.kind() == YScalar.Kind.STRING) {
            try {
                SensorSize size = SensorSize.parse(s.text());
                if (size.isKnown()) {
                    return size;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        r.error(n.loc(), path, "expected a sensor size such as 34x34 or [34, 34], got " + n.describe());
        return null;
    }

    /** {@code [x0, y0, width, height]}; null after a problem. */
    private int[] crop(YNode n, String path) {
        if (!(n instanceof YList l) || l.items.size() != 4) {
            r.error(n.loc(), path, "expected a box [x0, y0, width, height] such as [2, 2, 30, 30], got "
                    + (n instanceof YList l ? "a list of " + l.items.size() + " items" : n.describe()));
            return null;
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            Long v = r.integer(l.items.get(i), Reader.index(path, i), i < 2 ? 0 : 1, 65_535);
            if (v == null) {
                return null;
            }
            out[i] = v.intValue();
        }
        return out;
    }

    private int problemCount() {
        return r.count();
    }

    private double opt(YMap m, String key, String path, Dimension d, double dflt) {
        r.dimension(Reader.join(path, key), d);
        if (!m.has(key) || Reader.isNull(m.get(key))) {
            return dflt;
        }
        Double v = r.quantity(m.get(key), Reader.join(path, key), d);
        return v == null ? dflt : v;
    }

    private Double req(YMap m, String key, String path, Dimension d) {
        YNode n = r.required(m, key, path, d.example());
        return n == null ? null : r.quantity(n, Reader.join(path, key), d);
    }

    private double[] reqList(YMap m, String key, String path, Dimension d) {
        YNode n = r.required(m, key, path, "a list of " + d.unit() + " values");
        return n == null ? null : r.quantities(n, Reader.join(path, key), d);
    }

    // ---------------------------------------------------------------- recorders

    private void record(YNode node, List<RecorderSpec> out, Map<Integer, String> paths) {
        YMap m = r.map(node, "record", "{spikes: [...], state: {...}}");
        if (m == null) {
            return;
        }
        r.keys(m, "record", RECORD);
        YNode sp = m.get("spikes");
        if (!Reader.isNull(sp)) {
            if (sp instanceof YScalar s && "all".equals(s.text())) {
                for (String p : popNodes.keySet()) {
                    out.add(new RecorderSpec.Spikes(p, null));
                    paths.put(out.size() - 1, "record.spikes");
                }
            } else {
                List<YNode> items = Reader.items(sp);
                boolean list = sp instanceof YList;
                for (int i = 0; i < items.size(); i++) {
                    String path = list ? Reader.index("record.spikes", i) : "record.spikes";
                    RecorderSpec.Spikes s = spikes(items.get(i), path);
                    if (s != null) {
                        out.add(s);
                        paths.put(out.size() - 1, path);
                    }
                }
            }
        }
        YNode st = m.get("state");
        if (!Reader.isNull(st)) {
            List<YNode> items = Reader.items(st);
            boolean list = st instanceof YList;
            for (int i = 0; i < items.size(); i++) {
                String path = list ? Reader.index("record.state", i) : "record.state";
                RecorderSpec.State s = state(items.get(i), path);
                if (s != null) {
                    out.add(s);
                    paths.put(out.size() - 1, path);
                }
            }
        }
    }

    private RecorderSpec.Spikes spikes(YNode n, String path) {
        if (n instanceof YScalar) {
            List<String> p = populations(n, path);
            return p == null ? null : new RecorderSpec.Spikes(p.get(0), null);
        }
        YMap m = r.map(n, path, "a population name or {population: exc, neurons: \"0..99\"}");
        if (m == null) {
            return null;
        }
        r.keys(m, path, List.of("population", "neurons"));
        YNode pn = r.required(m, "population", path, "a population name");
        List<String> p = pn == null ? null : populations(pn, Reader.join(path, "population"));
        int[] neurons = null;
        boolean[] all = new boolean[1];
        if (m.has("neurons")) {
            neurons = r.indices(m.get("neurons"), Reader.join(path, "neurons"), all);
            if (neurons == null && !all[0]) {
                return null;
            }
        }
        return p == null ? null : new RecorderSpec.Spikes(p.get(0), neurons);
    }

    private RecorderSpec.State state(YNode n, String path) {
        YMap m = r.map(n, path, "{population: exc, variables: [V_m], neurons: \"0..9\", interval: 1 ms}");
        if (m == null) {
            return null;
        }
        r.keys(m, path, List.of("population", "variables", "neurons", "interval"));
        YNode pn = r.required(m, "population", path, "a population name");
        YNode vn = r.required(m, "variables", path, "state variables such as [V_m]");
        List<String> p = pn == null ? null : populations(pn, Reader.join(path, "population"));
        List<String> vars = vn == null ? null : r.names(vn, Reader.join(path, "variables"), "a state variable name");
        int[] neurons = null;
        boolean[] all = new boolean[1];
        if (m.has("neurons")) {
            neurons = r.indices(m.get("neurons"), Reader.join(path, "neurons"), all);
            if (neurons == null && !all[0]) {
                return null;
            }
        }
        double interval = opt(m, "interval", path, Dimension.TIME, dt);
        if (p == null || vars == null) {
            return null;
        }
        ModelType type = popTypes.get(p.get(0));
        if (type != null) {
            List<YNode> vItems = Reader.items(vn);
            for (int i = 0; i < vars.size(); i++) {
                if (type.state(vars.get(i)) == null) {
                    r.error(vItems.get(i).loc(), Reader.join(path, "variables"), type.name() + " has no state variable '"
                            + vars.get(i) + "'" + NeuronModels.suggestion(vars.get(i), names(type.states())));
                    return null;
                }
            }
        }
        return new RecorderSpec.State(p.get(0), vars, neurons, interval);
    }
}
