package org.leinao.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the Brian2 peer ({@code shared/peers/brian2/bench.py}, C++ standalone target) on the same
 * configuration, with Debian's {@code /usr/bin/python3}, and parses its {@code RESULT} line.
 */
final class BrianPeer {
    private BrianPeer() {
    }

    static PeerResult run(String model, int n, double durationMs, Path script, PrintWriter out) {
        List<String> cmd = List.of("/usr/bin/python3", script.toString(), "--model", model, "--target", "standalone",
                "--N", Integer.toString(n), "--duration", Double.toString(durationMs / 1000.0));
        out.println("  running Brian2 peer: " + String.join(" ", cmd));
        out.flush();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String result = null;
            StringBuilder tail = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        result = line.substring(7);
                    } else {
                        tail.append(line).append('\n');
                        if (tail.length() > 4000) {
                            tail.delete(0, tail.length() - 4000);
                        }
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || result == null) {
                out.println("  Brian2 peer failed (exit " + code + "); install it with: apt-get install python3-brian"
                        + " python3-brian-lib cython3 time. Its last output:\n" + tail);
                return null;
            }
            JsonNode j = new ObjectMapper().readTree(result);
            return new PeerResult(j.path("sim_loop").asDouble(), j.path("rate_hz").asDouble(), j.path("synapses").asLong(),
                    j.path("main_maxrss_kb").asLong(-1), j.path("run_binary_s").asDouble(-1));
        } catch (IOException e) {
            out.println("  Brian2 peer could not start: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
