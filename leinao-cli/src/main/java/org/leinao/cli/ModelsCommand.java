package org.leinao.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.leinao.engine.neuron.ModelType;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.neuron.ParamDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao models [NAME]}: the neuron models with their parameters, units and defaults. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List neuron models, or show one model's parameters and state variables.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "model name, e.g. iaf_psc_exp")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            for (ModelType t : NeuronModels.all()) {
                out.printf("%-16s %s%n", t.name(), t.description());
            }
            return 0;
        }
        ModelType t = NeuronModels.type(name);
        if (t == null) {
            java.util.List<String> names = new java.util.ArrayList<>();
            NeuronModels.all().forEach(m -> names.add(m.name()));
            throw new UserException("unknown model '" + name + "'" + NeuronModels.suggestion(name, names));
        }
        out.println(t.name() + ": " + t.description());
        out.println("parameters:");
        for (ParamDef d : t.params()) {
            String def = d.choices() != null ? d.choices().get((int) d.defaultValue()) : fmt(d.defaultValue());
            out.printf("  %-22s %12s %-3s  %s%n", d.name(), def, d.dimension().unit(), d.description());
        }
        out.println("state variables (initialisable and recordable):");
        for (ParamDef d : t.states()) {
            out.printf("  %-22s %12s %-3s  %s%n", d.name(), fmt(d.defaultValue()), d.dimension().unit(),
                    d.description());
        }
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
