package org.leinao.engine.neuron;

import static org.leinao.engine.spec.Dimension.CAPACITANCE;
import static org.leinao.engine.spec.Dimension.CONDUCTANCE;
import static org.leinao.engine.spec.Dimension.CURRENT;
import static org.leinao.engine.spec.Dimension.DIMENSIONLESS;
import static org.leinao.engine.spec.Dimension.TIME;
import static org.leinao.engine.spec.Dimension.VOLTAGE;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of neuron models. Names, parameters and defaults follow NEST 3 where NEST has the
 * model (NEST model documentation, {@code models/*.h}); units are ms, mV, pA, pF, nS.
 */
public final class NeuronModels {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private static final ParamDef C_M = new ParamDef("C_m", CAPACITANCE, 250.0, "membrane capacitance");
    private static final ParamDef TAU_M = new ParamDef("tau_m", TIME, 10.0, "membrane time constant");
    private static final ParamDef T_REF = new ParamDef("t_ref", TIME, 2.0, "absolute refractory period");
    private static final ParamDef E_L = new ParamDef("E_L", VOLTAGE, -70.0, "resting (leak reversal) potential");
    private static final ParamDef V_TH = new ParamDef("V_th", VOLTAGE, -55.0, "spike threshold");
    private static final ParamDef V_RESET70 = new ParamDef("V_reset", VOLTAGE, -70.0, "reset potential");
    private static final ParamDef V_MIN = new ParamDef("V_min", VOLTAGE, NEG_INF, "lower bound of the membrane potential");
    private static final ParamDef I_E = new ParamDef("I_e", CURRENT, 0.0, "constant bias current");
    private static final ParamDef TAU_EX2 = new ParamDef("tau_syn_ex", TIME, 2.0, "excitatory synaptic time constant");
    private static final ParamDef TAU_IN2 = new ParamDef("tau_syn_in", TIME, 2.0, "inhibitory synaptic time constant");
    private static final ParamDef TOL = new ParamDef("gsl_error_tol", DIMENSIONLESS, 1e-6,
            "local error tolerance of the adaptive integrator (absolute and relative)");

    private static final Map<String, ModelType> TYPES = new LinkedHashMap<>();

    /** NEST {@code iaf_psc_delta}. */
    public static final ModelType IAF_PSC_DELTA = register(new ModelType("iaf_psc_delta",
            "LIF, delta synapses (weights in mV); exact integration (Rotter & Diesmann 1999)",
            List.of(C_M, TAU_M, T_REF, E_L, V_TH, V_RESET70, V_MIN, I_E),
            List.of(new ParamDef("V_m", VOLTAGE, -70.0, "membrane potential (default E_L)")),
            VOLTAGE, NeuronModels::validateLif, IafPscDeltaBlock::new));

    /** NEST {@code iaf_psc_exp}. */
    public static final ModelType IAF_PSC_EXP = register(new ModelType("iaf_psc_exp",
            "LIF, exponential current synapses (pA); exact integration (Rotter & Diesmann 1999)",
            List.of(C_M, TAU_M, TAU_EX2, TAU_IN2, T_REF, E_L, V_TH, V_RESET70, V_MIN, I_E),
            List.of(new ParamDef("V_m", VOLTAGE, -70.0, "membrane potential (default E_L)"),
                    new ParamDef("I_syn_ex", CURRENT, 0.0, "excitatory synaptic current"),
                    new ParamDef("I_syn_in", CURRENT, 0.0, "inhibitory synaptic current")),
            CURRENT, NeuronModels::validateLifSyn, IafPscExpBlock::new));

    /** NEST {@code iaf_psc_alpha}. */
    public static final ModelType IAF_PSC_ALPHA = register(new ModelType("iaf_psc_alpha",
            "LIF, alpha-shaped current synapses (pA); exact integration (Rotter & Diesmann 1999)",
            List.of(C_M, TAU_M, TAU_EX2, TAU_IN2, T_REF, E_L, V_TH, V_RESET70, V_MIN, I_E),
            List.of(new ParamDef("V_m", VOLTAGE, -70.0, "membrane potential (default E_L)"),
                    new ParamDef("I_syn_ex", CURRENT, 0.0, "excitatory synaptic current"),
                    new ParamDef("I_syn_in", CURRENT, 0.0, "inhibitory synaptic current")),
            CURRENT, NeuronModels::validateLifSyn, IafPscAlphaBlock::new));

    /** Integration method of {@code iaf_cond_exp}. */
    public static final ParamDef COND_METHOD = new ParamDef("method", DIMENSIONLESS, 0,
            "adaptive: Dormand-Prince 5(4) with error control (default, as NEST's RKF45); "
                    + "euler: forward Euler (Brian2 'euler'); exponential_euler: Brian2 'exponential_euler'",
            List.of("adaptive", "euler", "exponential_euler"));

    private static final List<ParamDef> COND_PARAMS = List.of(
            new ParamDef("V_th", VOLTAGE, -55.0, "spike threshold"),
            new ParamDef("V_reset", VOLTAGE, -60.0, "reset potential"),
            T_REF,
            new ParamDef("g_L", CONDUCTANCE, 16.6667, "leak conductance"),
            C_M,
            new ParamDef("E_ex", VOLTAGE, 0.0, "excitatory reversal potential"),
            new ParamDef("E_in", VOLTAGE, -85.0, "inhibitory reversal potential"),
            E_L,
            new ParamDef("tau_syn_ex", TIME, 0.2, "excitatory synaptic time constant"),
            new ParamDef("tau_syn_in", TIME, 2.0, "inhibitory synaptic time constant"),
            I_E, TOL);

    /** NEST {@code iaf_cond_exp}. */
    public static final ModelType IAF_COND_EXP = register(new ModelType("iaf_cond_exp",
            "LIF, exponential conductance synapses (nS); adaptive Dormand-Prince 5(4) or a fixed-step method",
            concat(COND_PARAMS, List.of(COND_METHOD)),
            List.of(new ParamDef("V_m", VOLTAGE, -70.0, "membrane potential (default E_L)"),
                    new ParamDef("g_ex", CONDUCTANCE, 0.0, "excitatory conductance"),
                    new ParamDef("g_in", CONDUCTANCE, 0.0, "inhibitory conductance")),
            CONDUCTANCE, NeuronModels::validateCond, IafCondExpBlock::new));

    /** NEST {@code iaf_cond_alpha}. */
    public static final ModelType IAF_COND_ALPHA = register(new ModelType("iaf_cond_alpha",
            "LIF, alpha-shaped conductance synapses (nS); adaptive Dormand-Prince 5(4)",
            COND_PARAMS,
            List.of(new ParamDef("V_m", VOLTAGE, -70.0, "membrane potential (default E_L)"),
                    new ParamDef("g_ex", CONDUCTANCE, 0.0, "excitatory conductance"),
                    new ParamDef("g_in", CONDUCTANCE, 0.0, "inhibitory conductance")),
            CONDUCTANCE, NeuronModels::validateCond, IafCondAlphaBlock::new));

    /** NEST {@code izhikevich}. */
    public static final ModelType IZHIKEVICH = register(new ModelType("izhikevich",
            "Izhikevich 2003 simple model (weights in mV); forward Euler as NEST",
            List.of(new ParamDef("a", DIMENSIONLESS, 0.02, "recovery time scale (1/ms)"),
                    new ParamDef("b", DIMENSIONLESS, 0.2, "recovery sensitivity"),
                    new ParamDef("c", VOLTAGE, -65.0, "after-spike reset of v"),
                    new ParamDef("d", DIMENSIONLESS, 8.0, "after-spike increment of u (mV/ms)"),
                    new ParamDef("V_th", VOLTAGE, 30.0, "spike cut-off"),
                    V_MIN, I_E,
                    new ParamDef("consistent_integration", DIMENSIONLESS, 1.0,
                            "1: forward Euler with dt (NEST default); 0: the paper's two half-steps")),
            List.of(new ParamDef("V_m", VOLTAGE, -65.0, "membrane potential v"),
                    new ParamDef("U_m", VOLTAGE, 0.0, "recovery variable u (0 as in NEST; b·V_m is the resting value)")),
            VOLTAGE, NeuronModels::validateIzhikevich, IzhikevichBlock::new));

    private static final List<ParamDef> AEIF_COMMON = List.of(
            new ParamDef("C_m", CAPACITANCE, 281.0, "membrane capacitance"),
            new ParamDef("g_L", CONDUCTANCE, 30.0, "leak conductance"),
            new ParamDef("E_L", VOLTAGE, -70.6, "leak reversal potential"),
            new ParamDef("V_th", VOLTAGE, -50.4, "spike initiation threshold"),
            new ParamDef("Delta_T", VOLTAGE, 2.0, "slope factor"),
            new ParamDef("tau_w", TIME, 144.0, "adaptation time constant"),
            new ParamDef("a", CONDUCTANCE, 4.0, "subthreshold adaptation"),
            new ParamDef("b", CURRENT, 80.5, "spike-triggered adaptation"),
            new ParamDef("V_peak", VOLTAGE, 0.0, "spike detection threshold"),
            new ParamDef("V_reset", VOLTAGE, -60.0, "reset potential"),
            new ParamDef("t_ref", TIME, 0.0, "absolute refractory period"),
            new ParamDef("tau_syn_ex", TIME, 0.2, "excitatory synaptic time constant"),
            new ParamDef("tau_syn_in", TIME, 2.0, "inhibitory synaptic time constant"),
            I_E, TOL);

    /** NEST {@code aeif_cond_exp}. */
    public static final ModelType AEIF_COND_EXP = register(new ModelType("aeif_cond_exp",
            "AdEx (Brette & Gerstner 2005), exponential conductances (nS); adaptive Dormand-Prince 5(4)",
            concat(AEIF_COMMON, List.of(new ParamDef("E_ex", VOLTAGE, 0.0, "excitatory reversal potential"),
                    new ParamDef("E_in", VOLTAGE, -85.0, "inhibitory reversal potential"))),
            List.of(new ParamDef("V_m", VOLTAGE, -70.6, "membrane potential (default E_L)"),
                    new ParamDef("w", CURRENT, 0.0, "adaptation current"),
                    new ParamDef("g_ex", CONDUCTANCE, 0.0, "excitatory conductance"),
                    new ParamDef("g_in", CONDUCTANCE, 0.0, "inhibitory conductance")),
            CONDUCTANCE, NeuronModels::validateAeif, (p, n, dt) -> new AeifBlock(p, n, dt, true)));

    /** NEST {@code aeif_psc_exp}. */
    public static final ModelType AEIF_PSC_EXP = register(new ModelType("aeif_psc_exp",
            "AdEx (Brette & Gerstner 2005), exponential currents (pA); adaptive Dormand-Prince 5(4)",
            AEIF_COMMON,
            List.of(new ParamDef("V_m", VOLTAGE, -70.6, "membrane potential (default E_L)"),
                    new ParamDef("w", CURRENT, 0.0, "adaptation current"),
                    new ParamDef("I_syn_ex", CURRENT, 0.0, "excitatory synaptic current"),
                    new ParamDef("I_syn_in", CURRENT, 0.0, "inhibitory synaptic current")),
            CURRENT, NeuronModels::validateAeif, (p, n, dt) -> new AeifBlock(p, n, dt, false)));

    /** NEST {@code parrot_neuron}. */
    public static final ModelType PARROT = register(new ModelType("parrot_neuron",
            "repeats every incoming spike (weights ignored)",
            List.of(), List.of(), DIMENSIONLESS, (p, w, problems) -> { }, (p, n, dt) -> new ParrotBlock(n, dt)));

    private NeuronModels() {
    }

    private static ModelType register(ModelType t) {
        TYPES.put(t.name(), t);
        return t;
    }

    private static List<ParamDef> concat(List<ParamDef> a, List<ParamDef> b) {
        List<ParamDef> r = new ArrayList<>(a);
        r.addAll(b);
        return List.copyOf(r);
    }

    /** Every model type, in catalogue order. */
    public static Collection<ModelType> all() {
        return TYPES.values();
    }

    /** The model type called {@code name} (NEST name; "parrot" is accepted for parrot_neuron), or null. */
    public static ModelType type(String name) {
        if ("parrot".equals(name)) {
            return PARROT;
        }
        return TYPES.get(name);
    }

    /** A model of type {@code name} with default parameters; throws with a suggestion if unknown. */
    public static NeuronModel of(String name) {
        ModelType t = type(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown neuron model '" + name + "'" + suggestion(name, TYPES.keySet()));
        }
        return new NeuronModel(t, Map.of());
    }

    /** {@code iaf_psc_delta} with NEST defaults. */
    public static NeuronModel iafPscDelta() {
        return new NeuronModel(IAF_PSC_DELTA, Map.of());
    }

    /** {@code iaf_psc_exp} with NEST defaults. */
    public static NeuronModel iafPscExp() {
        return new NeuronModel(IAF_PSC_EXP, Map.of());
    }

    /** {@code iaf_psc_alpha} with NEST defaults. */
    public static NeuronModel iafPscAlpha() {
        return new NeuronModel(IAF_PSC_ALPHA, Map.of());
    }

    /** {@code iaf_cond_exp} with NEST defaults. */
    public static NeuronModel iafCondExp() {
        return new NeuronModel(IAF_COND_EXP, Map.of());
    }

    /** {@code iaf_cond_alpha} with NEST defaults. */
    public static NeuronModel iafCondAlpha() {
        return new NeuronModel(IAF_COND_ALPHA, Map.of());
    }

    /** {@code izhikevich} with NEST defaults (regular spiking a, b, c, d). */
    public static NeuronModel izhikevich() {
        return new NeuronModel(IZHIKEVICH, Map.of());
    }

    /** {@code aeif_cond_exp} with NEST defaults (Brette & Gerstner 2005 values). */
    public static NeuronModel aeifCondExp() {
        return new NeuronModel(AEIF_COND_EXP, Map.of());
    }

    /** {@code aeif_psc_exp} with NEST defaults. */
    public static NeuronModel aeifPscExp() {
        return new NeuronModel(AEIF_PSC_EXP, Map.of());
    }

    /** {@code parrot_neuron}. */
    public static NeuronModel parrot() {
        return new NeuronModel(PARROT, Map.of());
    }

    /** " (did you mean 'x'?)" for the closest candidate within edit distance 3, else "". */
    public static String suggestion(String name, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(name.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        if (best != null && bestD <= Math.max(2, name.length() / 3)) {
            return " (did you mean '" + best + "'?)";
        }
        return candidates.isEmpty() ? "" : "; expected one of " + String.join(", ", candidates);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** " unit" of a parameter checked by {@link #positive} or {@link #nonNegative}, for messages. */
    private static String unit(String name) {
        return switch (name) {
            case "C_m" -> " pF";
            case "g_L" -> " nS";
            case "Delta_T" -> " mV";
            case "gsl_error_tol" -> "";
            default -> " ms"; // tau_*, t_ref
        };
    }

    private static void positive(Map<String, Double> p, String name, String where, List<String> problems) {
        double v = p.get(name);
        if (!(v > 0) || Double.isInfinite(v)) {
            problems.add(where + "." + name + ": expected a finite value > 0" + unit(name) + ", got " + v + unit(name));
        }
    }

    private static void nonNegative(Map<String, Double> p, String name, String where, List<String> problems) {
        double v = p.get(name);
        if (!(v >= 0) || Double.isInfinite(v)) {
            problems.add(where + "." + name + ": expected a finite value >= 0" + unit(name) + ", got " + v + unit(name));
        }
    }

    private static void finite(Map<String, Double> p, String name, String where, List<String> problems) {
        double v = p.get(name);
        if (!Double.isFinite(v)) {
            problems.add(where + "." + name + ": expected a finite value, got " + v);
        }
    }

    private static void resetBelowThreshold(Map<String, Double> p, String where, List<String> problems) {
        if (!(p.get("V_reset") < p.get("V_th"))) {
            problems.add(where + ".V_reset: expected a value below V_th (" + p.get("V_th") + " mV), got "
                    + p.get("V_reset") + " mV");
        }
    }

    private static void validateLif(Map<String, Double> p, String where, List<String> problems) {
        positive(p, "C_m", where, problems);
        positive(p, "tau_m", where, problems);
        nonNegative(p, "t_ref", where, problems);
        for (String f : List.of("E_L", "V_th", "V_reset", "I_e")) {
            finite(p, f, where, problems);
        }
        resetBelowThreshold(p, where, problems);
        if (p.get("V_min") > p.get("V_reset")) {
            problems.add(where + ".V_min: expected a value <= V_reset (" + p.get("V_reset") + " mV), got "
                    + p.get("V_min") + " mV");
        }
    }

    private static void validateLifSyn(Map<String, Double> p, String where, List<String> problems) {
        validateLif(p, where, problems);
        positive(p, "tau_syn_ex", where, problems);
        positive(p, "tau_syn_in", where, problems);
    }

    private static void validateCond(Map<String, Double> p, String where, List<String> problems) {
        if (p.containsKey("method")) {
            double m = p.get("method");
            if (m != Math.rint(m) || m < 0 || m >= COND_METHOD.choices().size()) {
                problems.add(where + ".method: expected one of " + String.join(", ", COND_METHOD.choices())
                        + ", got " + m);
            }
        }
        positive(p, "C_m", where, problems);
        positive(p, "g_L", where, problems);
        positive(p, "tau_syn_ex", where, problems);
        positive(p, "tau_syn_in", where, problems);
        nonNegative(p, "t_ref", where, problems);
        positive(p, "gsl_error_tol", where, problems);
        for (String f : List.of("E_L", "E_ex", "E_in", "V_th", "V_reset", "I_e")) {
            finite(p, f, where, problems);
        }
        resetBelowThreshold(p, where, problems);
    }

    private static void validateIzhikevich(Map<String, Double> p, String where, List<String> problems) {
        for (String f : List.of("a", "b", "c", "d", "V_th", "I_e")) {
            finite(p, f, where, problems);
        }
        double ci = p.get("consistent_integration");
        if (ci != 0 && ci != 1) {
            // NEST's is a boolean.
            problems.add(where + ".consistent_integration: expected 1 (true) or 0 (false), got " + ci);
        }
    }

    private static void validateAeif(Map<String, Double> p, String where, List<String> problems) {
        positive(p, "C_m", where, problems);
        positive(p, "g_L", where, problems);
        positive(p, "tau_w", where, problems);
        positive(p, "tau_syn_ex", where, problems);
        positive(p, "tau_syn_in", where, problems);
        nonNegative(p, "t_ref", where, problems);
        nonNegative(p, "Delta_T", where, problems);
        positive(p, "gsl_error_tol", where, problems);
        // AdEx may reset above V_th (that is how it bursts, Naud et al. 2008); only V_peak bounds it.
        double peak = p.get("Delta_T") > 0 ? p.get("V_peak") : p.get("V_th");
        if (!(p.get("V_reset") < peak)) {
            problems.add(where + ".V_reset: expected a value below V_peak (" + peak + " mV), got "
                    + p.get("V_reset") + " mV");
        }
        if (p.get("Delta_T") > 0 && !(p.get("V_peak") > p.get("V_th"))) {
            problems.add(where + ".V_peak: expected a value above V_th (" + p.get("V_th") + " mV), got "
                    + p.get("V_peak") + " mV");
        }
        if (p.get("Delta_T") > 0 && (p.get("V_peak") - p.get("V_th")) / p.get("Delta_T") > 700) {
            problems.add(where + ".Delta_T: (V_peak - V_th)/Delta_T must stay below 700 so the exponential"
                    + " term is finite, got " + (p.get("V_peak") - p.get("V_th")) / p.get("Delta_T"));
        }
    }
}
