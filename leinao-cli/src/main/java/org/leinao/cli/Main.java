package org.leinao.cli;

import java.io.PrintWriter;
import org.leinao.engine.neuron.NumericalInstabilityException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code leinao} command. Only {@link #main} calls {@code System.exit} (STYLE.md §12). */
@Command(name = "leinao", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Brain-inspired computing on the JVM: simulate spiking neural networks.",
        subcommands = {RunCommand.class, ValidateCommand.class, DemoCommand.class, PlotCommand.class,
                InfoCommand.class, ModelsCommand.class, org.leinao.cli.bench.BenchCommand.class,
                org.leinao.cli.events.EventsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  leinao demo                 simulate the Brunel network, write plots",
                "  leinao run examples/cuba.yaml --out runs/cuba --threads 2",
                "  leinao run brunel --set populations.exc.size=2000 --out runs/b",
                "  leinao validate net.yaml",
                "  leinao plot runs/cuba",
                "  leinao info runs/cuba",
                "  leinao models iaf_psc_exp"})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line with injected writers (tests capture them). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (org.leinao.io.output.Staging.shuttingDown()) {
                // interrupted: the clean-up deleted the output the command was writing, so its
                // failure says nothing the user needs (the exit status is the signal's)
                return 130;
            }
            if (ex instanceof UserException u) {
                line.getErr().println("leinao: " + u.getMessage());
                return 2;
            }
            if (ex instanceof NumericalInstabilityException n) {
                // The model's parameters or inputs make it blow up: the user's to fix, no trace needed.
                line.getErr().println("leinao: simulation stopped: " + n.getMessage());
                return 2;
            }
            if (ex instanceof org.leinao.engine.synapse.NetworkTooLargeException t) {
                line.getErr().println("leinao: " + t.getMessage());
                return 2;
            }
            line.getErr().println("leinao: internal error: " + ex);
            ex.printStackTrace(line.getErr());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("leinao: " + ex.getMessage());
            // picocli's "Did you mean: run?" for a mistyped command or option
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cl;
    }

    /** Entry point. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            org.leinao.engine.sim.Simulator.checkDeliveryProperty();
        } catch (IllegalArgumentException e) {
            err.println("leinao: " + e.getMessage() + " (set in LEINAO_JAVA_OPTS)");
            System.exit(2);
        }
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
