package org.leinao.io.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.record.Result;

class RunReaderTest {
    @TempDir
    Path tmp;

    private Path written(Result r) throws IOException {
        return RunWriter.write(r, Fixtures.info(r), tmp.resolve("run"), Set.of()).dir();
    }

    @Test
    void readsBackWhatWasWritten() throws IOException {
        Result r = Fixtures.handmade();
        SavedRun s = RunReader.read(written(r));
        assertThat(s.name()).isEqualTo("handmade");
        assertThat(s.dtMs()).isEqualTo(0.1);
        assertThat(s.durationMs()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.populations()).containsExactly("exc", "inh", "ext");
        assertThat(s.spikeTotals()).containsEntry("ext", 3L);
        assertThat(s.spikes().get("exc")).isEqualTo(r.spikes("exc"));
        assertThat(s.spikes().get("inh").count()).isZero();
        assertThat(s.spikes()).doesNotContainKey("ext");
        assertThat(s.states().get("exc/V_m")).isEqualTo(r.state("exc", "V_m"));
        RateTable expected = RateTable.of(r);
        assertThat(s.rates().binMs()).isCloseTo(expected.binMs(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.rates().startMs()).containsExactly(expected.startMs());
        assertThat(s.rates().hz().get("exc")).containsExactly(expected.hz().get("exc"));
        assertThat(s.rate("exc")).isCloseTo(150.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.summary().get("version").asText()).isEqualTo("0.1.0-test");
    }

    @Test
    void readsBackASimulation() throws IOException {
        Result r = Fixtures.simulated();
        SavedRun s = RunReader.read(written(r));
        assertThat(s.spikes().get("exc")).isEqualTo(r.spikes("exc"));
        assertThat(s.spikes().get("inh")).isEqualTo(r.spikes("inh"));
        assertThat(s.states().get("exc/V_m")).isEqualTo(r.state("exc", "V_m"));
    }

    @Test
    void missingFolder() {
        assertThatThrownBy(() -> RunReader.read(tmp.resolve("nope"))).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("nope: no such run folder");
    }

    @Test
    void folderWithoutSummary() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("other"));
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("not a Leinao run folder");
    }

    @Test
    void corruptSummary() throws IOException {
        Path d = written(Fixtures.handmade());
        Files.writeString(d.resolve("summary.json"), "{\"format\": \"leinao-run\", ");
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("summary.json: corrupt JSON");
    }

    @Test
    void newerFormat() throws IOException {
        Path d = written(Fixtures.handmade());
        String s = Files.readString(d.resolve("summary.json")).replace("\"format_version\" : 1", "\"format_version\" : 99");
        Files.writeString(d.resolve("summary.json"), s);
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("newer Leinao (format_version 99");
    }

    @Test
    void corruptSpikes() throws IOException {
        Path d = written(Fixtures.handmade());
        Files.write(d.resolve("spikes.h5"), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("spikes.h5: expected an HDF5 file in the SONATA layout, got unreadable data");
        // the summary alone still reads, for `leinao info`
        assertThat(RunReader.readSummary(d).get("name").asText()).isEqualTo("handmade");
    }

    @Test
    void missingRates() throws IOException {
        Path d = written(Fixtures.handmade());
        Files.delete(d.resolve("rates.csv"));
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("rates.csv: expected a file (every run folder has one), got none");
    }

    // ---- QA: truncated or inconsistent data files used to be read without error (plot drew zeros).

    /** Cuts {@code name} to {@code fraction} of its length. */
    private static void truncate(Path dir, String name, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve(name));
        Files.write(dir.resolve(name), Arrays.copyOf(b, (int) (b.length * fraction)));
    }

    @Test
    void truncatedStateFileIsAnError() throws IOException {
        Path d = written(Fixtures.simulated());
        long size = Files.size(d.resolve("state_V_m.h5"));
        truncate(d, "state_V_m.h5", 0.8);
        String expected = "state_V_m.h5: expected " + size + " bytes (the length in its HDF5 superblock), got "
                + (long) (size * 0.8) + ": the file is truncated";
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith(expected);
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith(expected);
    }

    @Test
    void truncatedSpikeFileIsAnError() throws IOException {
        Path d = written(Fixtures.simulated());
        truncate(d, "spikes.h5", 0.95);
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("spikes.h5: expected ").hasMessageEndingWith(": the file is truncated");
    }

    @Test
    void spikeDatasetsOfDifferentLengthsAreAnError() throws IOException {
        Path d = written(Fixtures.handmade());
        // exc fired 6 times (Fixtures.handmade): 6 timestamps, but only 5 node ids
        rewriteSpikes(d, new double[] {0.5, 1, 2, 4, 6, 8}, new long[] {0, 2, 0, 0, 0});
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("spikes.h5: /spikes/exc/node_ids: expected 6 values (one per timestamp), got 5");
    }

    @Test
    void spikeCountDifferentFromTheSummaryIsAnError() throws IOException {
        Path d = written(Fixtures.handmade());
        Path summary = d.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"recorded_spikes\" : 6", "\"recorded_spikes\" : 7"));
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("spikes.h5: /spikes/exc/timestamps: expected 7 spikes (recorded_spikes in"
                        + " summary.json), got 6");
    }

    @Test
    void spikeTimeOutsideTheRunIsAnError() throws IOException {
        Path d = written(Fixtures.handmade());
        rewriteSpikes(d, new double[] {0.5, 1, 2, 4, 6, 80}, new long[] {0, 2, 0, 0, 0, 0});
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("spikes.h5: /spikes/exc/timestamps[5]: expected a time in (0 ms, 10.0 ms],"
                        + " got 80.0 ms");
    }

    @Test
    void stateDataWithTheWrongNumberOfColumnsIsAnError() throws IOException {
        Path d = written(Fixtures.handmade());
        // V_m of exc neurons 1 and 3: 20 samples; here 3 node ids for 2 columns
        rewriteState(d, new double[20][2], new long[] {1, 3, 0}, new double[] {0.1, 10.1, 0.5});
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("state_V_m.h5: /report/exc/data: expected shape [samples, 3] (one column per"
                        + " mapping/node_ids), got [20, 2]");
    }

    @Test
    void stateDataWithTooFewSamplesIsAnError() throws IOException {
        Path d = written(Fixtures.handmade());
        // 100 steps of 0.1 ms sampled every 0.5 ms: 20 samples, not 12
        rewriteState(d, new double[12][2], new long[] {1, 3}, new double[] {0.1, 6.1, 0.5});
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("state_V_m.h5: /report/exc/data: expected 20 samples (10.0 ms sampled every"
                        + " 0.5 ms), got 12");
    }

    /** Replaces spikes.h5 by one with only /spikes/exc, holding these datasets. */
    private static void rewriteSpikes(Path dir, double[] times, long[] ids) throws IOException {
        Files.delete(dir.resolve("spikes.h5"));
        try (WritableHdfFile f = HdfFile.write(dir.resolve("spikes.h5"))) {
            WritableGroup g = f.putGroup("spikes").putGroup("exc");
            g.putDataset("timestamps", times);
            g.putDataset("node_ids", ids);
        }
    }

    /** Replaces state_V_m.h5 by one with only /report/exc, holding these datasets. */
    private static void rewriteState(Path dir, double[][] data, long[] ids, double[] time) throws IOException {
        Files.delete(dir.resolve("state_V_m.h5"));
        try (WritableHdfFile f = HdfFile.write(dir.resolve("state_V_m.h5"))) {
            WritableGroup g = f.putGroup("report").putGroup("exc");
            g.putDataset("data", data);
            WritableGroup m = g.putGroup("mapping");
            long[] pointers = new long[ids.length + 1];
            Arrays.setAll(pointers, i -> i);
            m.putDataset("node_ids", ids);
            m.putDataset("index_pointers", pointers);
            m.putDataset("element_ids", new int[ids.length]);
            m.putDataset("time", time);
        }
    }

    @Test
    void truncatedRatesAreAnError() throws IOException {
        Path d = written(Fixtures.handmade());
        String rates = Files.readString(d.resolve("rates.csv"));
        Files.writeString(d.resolve("rates.csv"), rates.substring(0, rates.length() - 3));
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("rates.csv:11: expected a complete line ending in a newline, got the end of the"
                        + " file: the file is truncated");
        // 10 ms in 1 ms bins: 10 rows
        Files.writeString(d.resolve("rates.csv"), rates.substring(0, rates.lastIndexOf('\n', rates.length() - 2) + 1));
        assertThatThrownBy(() -> RunReader.check(d)).isInstanceOf(RunFolderException.class)
                .hasMessageEndingWith("rates.csv: expected 10 rows (10.0 ms in bins of 1.0 ms), got 9");
    }

    @Test
    void checkAcceptsACompleteFolder() throws IOException {
        Path d = written(Fixtures.simulated());
        assertThat(RunReader.check(d).get("name").asText()).isEqualTo("handmade");
    }
}
