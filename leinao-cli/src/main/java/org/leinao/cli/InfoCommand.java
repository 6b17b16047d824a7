package org.leinao.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao info DIR}: the summary of a run as a table. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print the summary of a run folder as a table.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "run folder written by 'leinao run'")
    Path dir;

    @Override
    public Integer call() {
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) {
            throw new UserException(dir + ": not a run folder (no summary.json)");
        }
        JsonNode s;
        try {
            // Format, version, required fields, and data files that agree with the summary.
            s = org.leinao.io.output.RunReader.check(dir);
        } catch (org.leinao.io.output.RunFolderException e) {
            throw new UserException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-20s %s%n", "name", s.path("name").asText());
        out.printf("%-20s %s%n", "version", s.path("version").asText());
        out.printf("%-20s %s%n", "seed", s.path("seed").asText());
        out.printf("%-20s %s%n", "threads", s.path("threads").asText());
        out.printf("%-20s %s ms%n", "dt", s.path("dt_ms").asText());
        out.printf("%-20s %s ms%n", "duration", s.path("duration_ms").asText());
        out.printf("%-20s %,d%n", "neurons", s.path("neurons").asLong());
        out.printf("%-20s %,d%n", "synapses", s.path("synapses").asLong());
        JsonNode t = s.path("timing");
        out.printf("%-20s %.3f s%n", "build", t.path("build_s").asDouble());
        out.printf("%-20s %.3f s%n", "simulate", t.path("simulate_s").asDouble());
        out.printf("%-20s %.3f s%n", "write", t.path("write_s").asDouble());
        out.printf("%-20s %.3f%n", "real-time factor", t.path("real_time_factor").asDouble());
        JsonNode m = s.path("memory");
        out.printf("%-20s %,d bytes%n", "peak heap", m.path("peak_heap_bytes").asLong());
        out.printf("%-20s %.2f%n", "bytes per synapse", m.path("bytes_per_synapse").asDouble());
        out.println();
        out.printf("%-12s %10s %10s %10s %8s%n", "population", "size", "spikes", "rate (Hz)", "CV ISI");
        for (Map.Entry<String, JsonNode> e : s.path("populations").properties()) {
            JsonNode p = e.getValue();
            out.printf("%-12s %10d %10d %10s %8s%n", e.getKey(), p.path("size").asLong(), p.path("spikes").asLong(),
                    p.path("rate_hz").isNumber() ? String.format("%.3f", p.path("rate_hz").asDouble()) : "-",
                    p.path("cv_isi").isNumber()
                            ? String.format("%.3f", p.path("cv_isi").asDouble()) : "-");
        }
        return 0;
    }
}
