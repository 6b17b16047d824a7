package org.leinao.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.leinao.io.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao validate FILE}: check a model file without simulating it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a model file: units, names, values; every problem on its own line (exit code 2).",
        footer = {"", "Example:", "  leinao validate examples/brunel.yaml --set populations.exc.size=100"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "model file (YAML) or embedded example name")
    String model;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override any field of the file")
    List<String> sets;

    @Override
    public Integer call() {
        LoadedModel m = RunPipeline.load(model, sets == null ? List.of() : sets);
        List<String> problems = m.spec().validate();
        if (!problems.isEmpty()) {
            throw new UserException(m.source() + ": " + String.join(System.lineSeparator() + "leinao: " + m.source()
                    + ": ", problems));
        }
        RunPipeline.warn(m, spec.commandLine().getErr());
        int pops = m.spec().populations().size();
        int projs = m.spec().projections().size();
        spec.commandLine().getOut().printf("%s: valid (%d population%s, %,d neurons, %d projection%s, %s ms)%n",
                m.source(), pops, pops == 1 ? "" : "s", m.spec().neuronCount(), projs, projs == 1 ? "" : "s",
                new java.math.BigDecimal(m.durationMs()).round(new java.math.MathContext(10)).stripTrailingZeros()
                        .toPlainString());
        return 0;
    }
}
