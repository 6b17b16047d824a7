package org.leinao.io.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                .hasMessageContaining("spikes.h5: corrupt HDF5 file");
        // the summary alone still reads, for `leinao info`
        assertThat(RunReader.readSummary(d).get("name").asText()).isEqualTo("handmade");
    }

    @Test
    void missingRates() throws IOException {
        Path d = written(Fixtures.handmade());
        Files.delete(d.resolve("rates.csv"));
        assertThatThrownBy(() -> RunReader.read(d)).isInstanceOf(RunFolderException.class)
                .hasMessageContaining("rates.csv: missing");
    }
}
