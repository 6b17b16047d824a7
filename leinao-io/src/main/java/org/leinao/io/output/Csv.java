package org.leinao.io.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Writes the CSV files of a run folder: comma-separated, one header line, numbers in Java's
 * shortest round-trip notation (e.g. {@code 12.3}, {@code 1.0E-4}), which Python and pandas parse.
 */
final class Csv {
    private Csv() {
    }

    /** {@code time_ms,node_id}, one line per spike in time order. */
    static void writeSpikes(Path file, SpikeTrains s) throws IOException {
        try (BufferedWriter w = open(file)) {
            w.write("time_ms,node_id\n");
            int[] steps = s.steps();
            int[] ids = s.neurons();
            double dt = s.dt();
            for (int i = 0; i < steps.length; i++) {
                w.write(Double.toString(SpikeTrains.ms(steps[i] + 1L, dt)));
                w.write(',');
                w.write(Integer.toString(ids[i]));
                w.write('\n');
            }
        }
    }

    /** {@code time_ms,node_<id>,...}, one line per sample. */
    static void writeState(Path file, StateTrace s) throws IOException {
        try (BufferedWriter w = open(file)) {
            w.write("time_ms");
            for (int id : s.neurons()) {
                w.write(",node_" + id);
            }
            w.write('\n');
            int cols = s.neurons().length;
            for (int t = 0; t < s.samples(); t++) {
                w.write(Double.toString(s.time(t)));
                for (int j = 0; j < cols; j++) {
                    w.write(',');
                    w.write(Double.toString(s.value(t, j)));
                }
                w.write('\n');
            }
        }
    }

    /** {@code t_start_ms,t_stop_ms,<pop>...}: population rates in Hz per bin. */
    static void writeRates(Path file, RateTable r) throws IOException {
        try (BufferedWriter w = open(file)) {
            w.write("t_start_ms,t_stop_ms");
            for (String p : r.populations()) {
                w.write(',');
                w.write(quote(p));
            }
            w.write('\n');
            for (int i = 0; i < r.bins(); i++) {
                w.write(Double.toString(SpikeTrains.tidy(r.startMs()[i])));
                w.write(',');
                w.write(Double.toString(SpikeTrains.tidy(r.startMs()[i] + r.binMs())));
                for (double[] hz : r.hz().values()) {
                    w.write(',');
                    w.write(Double.toString(hz[i]));
                }
                w.write('\n');
            }
        }
    }

    /** A field quoted only when it needs to be (RFC 4180). */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }
}
