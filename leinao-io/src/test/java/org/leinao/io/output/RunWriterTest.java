package org.leinao.io.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.record.Result;

class RunWriterTest {
    @TempDir
    Path tmp;

    private WrittenRun writeHandmade(Set<Format> formats) throws IOException {
        Result r = Fixtures.handmade();
        return RunWriter.write(r, Fixtures.info(r), tmp.resolve("run"), formats);
    }

    private static long[] longs(Object data) {
        Object[] big = (Object[]) data;
        long[] out = new long[big.length];
        for (int i = 0; i < big.length; i++) {
            out[i] = ((BigInteger) big[i]).longValueExact();
        }
        return out;
    }

    @Test
    void theRunFolderGetsThePermissionsOfAPlainMkdir() throws IOException {
        // createTempDirectory would leave it private (rwx------) whatever the umask
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        WrittenRun w = writeHandmade(Set.of());
        assertThat(Files.getPosixFilePermissions(w.dir())).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void spikesFollowTheSonataLayout() throws IOException {
        WrittenRun w = writeHandmade(Set.of());
        try (HdfFile f = new HdfFile(w.dir().resolve("spikes.h5"))) {
            assertThat(f.getByPath("/spikes").getAttribute("sorting").getData()).isEqualTo("by_time");
            Group spikes = (Group) f.getByPath("/spikes");
            // "inh" is recorded but silent: jhdf cannot write empty datasets, so it has no group.
            assertThat(spikes.getChildren().keySet()).containsExactly("exc");
            assertThat(f.getByPath("/spikes/exc").getAttribute("sorting").getData()).isEqualTo("by_time");
            Dataset t = f.getDatasetByPath("/spikes/exc/timestamps");
            assertThat(t.getDataType()).isInstanceOf(FloatingPoint.class);
            assertThat(t.getDataType().getSize()).isEqualTo(8);
            assertThat(t.getAttribute("units").getData()).isEqualTo("ms");
            assertThat((double[]) t.getData()).containsExactly(new double[] {0.5, 1.0, 2.0, 4.0, 6.0, 8.0},
                    org.assertj.core.data.Offset.offset(1e-12));
            Dataset ids = f.getDatasetByPath("/spikes/exc/node_ids");
            FixedPoint type = (FixedPoint) ids.getDataType();
            assertThat(type.getSize()).isEqualTo(8);
            assertThat(type.isSigned()).isFalse();
            assertThat(longs(ids.getData())).containsExactly(0, 2, 0, 0, 0, 0);
        }
    }

    @Test
    void stateFollowsTheSonataReportLayout() throws IOException {
        WrittenRun w = writeHandmade(Set.of());
        try (HdfFile f = new HdfFile(w.dir().resolve("state_V_m.h5"))) {
            Dataset data = f.getDatasetByPath("/report/exc/data");
            assertThat(data.getDimensions()).containsExactly(20, 2);
            assertThat(data.getDataType()).isInstanceOf(FloatingPoint.class);
            assertThat(data.getAttribute("units").getData()).isEqualTo("mV");
            double[][] v = (double[][]) data.getData();
            assertThat(v[0][0]).isEqualTo(1.0);
            assertThat(v[0][1]).isEqualTo(2.0);
            assertThat(v[19][1]).isCloseTo(10 * (0.1 + 0.5 * 19) + 1, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(longs(f.getDatasetByPath("/report/exc/mapping/node_ids").getData())).containsExactly(1, 3);
            assertThat(longs(f.getDatasetByPath("/report/exc/mapping/index_pointers").getData()))
                    .containsExactly(0, 1, 2);
            Dataset time = f.getDatasetByPath("/report/exc/mapping/time");
            assertThat((double[]) time.getData()).containsExactly(0.1, 0.1 + 20 * 0.5, 0.5);
            assertThat(time.getAttribute("units").getData()).isEqualTo("ms");
        }
    }

    @Test
    void summaryHasEveryField() throws IOException {
        WrittenRun w = writeHandmade(Set.of());
        JsonNode s = new ObjectMapper().readTree(w.dir().resolve("summary.json").toFile());
        assertThat(s.toString()).isEqualTo(w.summary().toString());
        for (String field : List.of("name", "seed", "threads", "dt_ms", "duration_ms", "neurons", "synapses",
                "populations", "timing", "memory", "version")) {
            assertThat(s.has(field)).as(field).isTrue();
        }
        assertThat(s.get("name").asText()).isEqualTo("handmade");
        assertThat(s.get("seed").asLong()).isEqualTo(7);
        assertThat(s.get("dt_ms").asDouble()).isEqualTo(0.1);
        assertThat(s.get("duration_ms").asDouble()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.get("neurons").asLong()).isEqualTo(9);
        assertThat(s.get("synapses").asLong()).isEqualTo(12);
        JsonNode exc = s.get("populations").get("exc");
        assertThat(exc.get("size").asInt()).isEqualTo(4);
        assertThat(exc.get("spikes").asLong()).isEqualTo(6);
        // 6 spikes / (4 neurons × 0.01 s) = 150 Hz
        assertThat(exc.get("rate_hz").asDouble()).isCloseTo(150.0, org.assertj.core.data.Offset.offset(1e-9));
        // neuron 0: ISIs 15, 20, 20, 20 steps: mean 18.75, population std sqrt(4.6875); neuron 2 has 1 spike
        assertThat(exc.get("cv_isi").asDouble()).isCloseTo(Math.sqrt(4.6875) / 18.75,
                org.assertj.core.data.Offset.offset(1e-12));
        JsonNode ext = s.get("populations").get("ext");
        assertThat(ext.get("spikes").asLong()).isEqualTo(3);
        assertThat(ext.get("rate_hz").asDouble()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ext.get("cv_isi").isNull()).isTrue();
        assertThat(s.get("populations").get("inh").get("cv_isi").isNull()).isTrue();
        assertThat(s.get("timing").get("build_s").asDouble()).isEqualTo(0.25);
        assertThat(s.get("timing").get("simulate_s").asDouble()).isEqualTo(0.5);
        assertThat(s.get("timing").get("real_time_factor").asDouble()).isEqualTo(50.0);
        assertThat(s.get("timing").get("write_s").asDouble()).isPositive();
        assertThat(s.get("memory").get("peak_heap_bytes").asLong()).isEqualTo(123_456_789L);
        assertThat(s.get("memory").get("bytes_per_synapse").asDouble()).isEqualTo(16.0);
        assertThat(s.get("version").asText()).isEqualTo("0.1.0-test");
        assertThat(w.files()).containsExactly("spikes.h5", "state_V_m.h5", "rates.csv", "summary.json");
    }

    @Test
    void ratesCsvHasOneColumnPerPopulation() throws IOException {
        WrittenRun w = writeHandmade(Set.of());
        List<String> lines = Files.readAllLines(w.dir().resolve("rates.csv"));
        assertThat(lines.get(0)).isEqualTo("t_start_ms,t_stop_ms,exc,inh,ext");
        assertThat(lines).hasSize(1 + 10);
        // bin 0 (0..1 ms, steps 0..9) holds exc spikes at steps 4 and 9: 2 / (4 × 1 ms) = 500 Hz
        assertThat(lines.get(1)).isEqualTo("0.0,1.0,500.0,0.0,0.0");
    }

    @Test
    void csvAndNpyOnRequest() throws IOException {
        WrittenRun w = writeHandmade(EnumSet.of(Format.CSV, Format.NPY));
        Path d = w.dir();
        assertThat(Files.readAllLines(d.resolve("spikes_exc.csv")))
                .containsExactly("time_ms,node_id", "0.5,0", "1.0,2", "2.0,0", "4.0,0", "6.0,0", "8.0,0");
        assertThat(Files.readAllLines(d.resolve("spikes_inh.csv"))).containsExactly("time_ms,node_id");
        List<String> state = Files.readAllLines(d.resolve("state_exc_V_m.csv"));
        assertThat(state.get(0)).isEqualTo("time_ms,node_1,node_3");
        assertThat(state.get(1)).isEqualTo("0.1,1.0,2.0");
        assertThat(state).hasSize(21);
        assertThat(d.resolve("spikes_exc.npy")).exists();
        assertThat(d.resolve("state_exc_V_m.npy")).exists();
    }

    @Test
    void simulatedRunIsWritten() throws IOException {
        Result r = Fixtures.simulated();
        assertThat(r.totalSpikes("exc")).as("the fixture must fire").isPositive();
        WrittenRun w = RunWriter.write(r, Fixtures.info(r), tmp.resolve("sim"), EnumSet.allOf(Format.class));
        try (HdfFile f = new HdfFile(w.dir().resolve("spikes.h5"))) {
            double[] t = (double[]) f.getDatasetByPath("/spikes/exc/timestamps").getData();
            assertThat(t).hasSize(r.spikes("exc").count());
            for (int i = 1; i < t.length; i++) {
                assertThat(t[i]).isGreaterThanOrEqualTo(t[i - 1]);
            }
        }
        assertThat(w.summary().get("populations").get("exc").get("spikes").asLong()).isEqualTo(r.totalSpikes("exc"));
    }

    @Test
    void existingFolderIsRefusedUnlessOverwriting() throws IOException {
        Result r = Fixtures.handmade();
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> RunWriter.write(r, Fixtures.info(r), out, Set.of()))
                .isInstanceOf(RunFolderException.class).hasMessageContaining("already exists");
        assertThat(out.resolve("keep.txt")).exists();
        // Overwriting only ever replaces an earlier run's folder, never an arbitrary one.
        assertThatThrownBy(() -> RunWriter.write(r, Fixtures.info(r), out, Set.of(), true))
                .isInstanceOf(RunFolderException.class).hasMessageContaining("not a Leinao run folder");
        assertThat(out.resolve("keep.txt")).exists();
        Files.delete(out.resolve("keep.txt"));
        RunWriter.write(r, Fixtures.info(r), out, Set.of());
        Files.writeString(out.resolve("keep.txt"), "x");
        RunWriter.write(r, Fixtures.info(r), out, Set.of(), true);
        assertThat(out.resolve("keep.txt")).doesNotExist();
        assertThat(out.resolve("summary.json")).exists();
        assertThat(siblings()).containsExactly("run");
        assertThatThrownBy(() -> RunWriter.checkTarget(Path.of(""), true)).hasMessageContaining("empty");
        assertThatThrownBy(() -> RunWriter.checkTarget(Path.of(".."), true)).hasMessageContaining("current folder");
    }

    @Test
    void anEmptyExistingFolderIsUsed() throws IOException {
        Result r = Fixtures.handmade();
        Path out = Files.createDirectories(tmp.resolve("empty"));
        RunWriter.write(r, Fixtures.info(r), out, Set.of());
        assertThat(out.resolve("summary.json")).exists();
    }

    @Test
    void extraFilesArePartOfTheFolder() throws IOException {
        Result r = Fixtures.handmade();
        WrittenRun w = RunWriter.write(r, Fixtures.info(r), tmp.resolve("run"), Set.of(), false, folder -> {
            assertThat(folder.getFileName().toString()).startsWith(".run.tmp-");
            Files.writeString(folder.resolve("raster.png"), "png");
            return List.of("raster.png");
        });
        assertThat(w.files()).containsExactly("spikes.h5", "state_V_m.h5", "rates.csv", "raster.png", "summary.json");
        assertThat(w.dir().resolve("raster.png")).exists();
    }

    @Test
    void aFailureMidwayLeavesNoFolder() {
        Result r = Fixtures.handmade();
        Path out = tmp.resolve("run");
        assertThatThrownBy(() -> RunWriter.write(r, Fixtures.info(r), out, EnumSet.of(Format.CSV), false, folder -> List.of(), name -> {
            if (name.equals("state_V_m.h5")) {
                throw new IOException("disk full (injected)");
            }
        })).isInstanceOf(IOException.class).hasMessageContaining("injected");
        assertThat(out).doesNotExist();
        assertThat(siblings()).isEmpty();
    }

    @Test
    void aFailureWhileOverwritingKeepsTheOldRun() throws IOException {
        Result r = Fixtures.handmade();
        Path out = tmp.resolve("run");
        RunWriter.write(r, Fixtures.info(r), out, Set.of());
        String before = Files.readString(out.resolve("summary.json"));
        assertThatThrownBy(() -> RunWriter.write(r, Fixtures.info(r), out, Set.of(), true, folder -> List.of(), name -> {
            if (name.equals("summary.json")) {
                throw new IOException("killed (injected)");
            }
        })).isInstanceOf(IOException.class);
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo(before);
        assertThat(siblings()).containsExactly("run");
    }

    private List<String> siblings() {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
