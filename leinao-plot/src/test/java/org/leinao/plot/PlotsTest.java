package org.leinao.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.Stimulus;
import org.leinao.io.output.RunInfo;
import org.leinao.io.output.RunReader;
import org.leinao.io.output.RunWriter;
import org.leinao.io.output.SavedRun;
import org.w3c.dom.Document;

class PlotsTest {
    @TempDir
    Path tmp;

    /** 40 + 10 LIF neurons driven by Poisson input for 100 ms; spikes of both, V_m of 3 exc neurons. */
    static Result simulated() {
        NetworkSpec spec = Network.builder().dt(0.1).seed(5)
                .population("exc", 40, NeuronModels.iafPscDelta())
                .population("inh", 10, NeuronModels.iafPscDelta())
                .stimulus("bg", Stimulus.poisson(20_000), List.of("exc", "inh"), 0.2, 1.0)
                .recordSpikes("exc", "inh")
                .recordState("exc", List.of("V_m"), new int[] {0, 1, 2}, 0.5)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(100);
        }
    }

    private static BufferedImage png(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img).as(file + " is a PNG").isNotNull();
        return img;
    }

    @Test
    void writeAllGivesThreePngsOfTheDefaultSize() throws IOException {
        List<String> names = RunPlots.writeAll(simulated(), "tiny", tmp, false);
        assertThat(names).containsExactly("raster.png", "rates.png", "traces.png");
        for (String n : names) {
            BufferedImage img = png(tmp.resolve(n));
            assertThat(img.getWidth()).isEqualTo(1200);
            assertThat(img.getHeight()).isEqualTo(800);
        }
    }

    @Test
    void redrawsFromASavedRun() throws IOException {
        Result r = simulated();
        RunInfo info = new RunInfo("tiny", 5, 1, 0.1, 100, 50, 0, 0.1, 0.1, 1, 1, 0, "test");
        Path dir = RunWriter.write(r, info, tmp.resolve("run"), Set.of()).dir();
        SavedRun run = RunReader.read(dir);
        Path out = tmp.resolve("plots");
        assertThat(RunPlots.writeAll(run, out, false)).containsExactly("raster.png", "rates.png", "traces.png");
        assertThat(png(out.resolve("raster.png")).getWidth()).isEqualTo(1200);
    }

    @Test
    void svgIsWellFormedXml() throws Exception {
        List<String> names = RunPlots.writeAll(simulated(), "tiny", tmp, true);
        assertThat(names).containsExactly("raster.svg", "rates.svg", "traces.svg");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // the SVG names the W3C DTD; parse offline
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        for (String n : names) {
            Document d = f.newDocumentBuilder().parse(tmp.resolve(n).toFile());
            assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
        }
    }

    @Test
    void customSizeAndNoStateMeansNoTraces() throws IOException {
        Result r = simulated();
        Result spikesOnly = new Result(r.dt(), r.steps(), r.spikes(), Map.of(),
                Map.of("exc", r.spikeCounts("exc"), "inh", r.spikeCounts("inh")),
                new LinkedHashMap<>(Map.of("exc", 40, "inh", 10)));
        assertThat(RunPlots.writeAll(spikesOnly, "tiny", tmp, false)).containsExactly("raster.png", "rates.png");
        Plots.save(Plots.rasterChart(SavedRun.of(r, "tiny")), tmp.resolve("small.png"), 300, 200);
        assertThat(png(tmp.resolve("small.png")).getWidth()).isEqualTo(300);
        assertThatThrownBy(() -> Plots.tracesChart(SavedRun.of(spikesOnly, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no state variable");
    }

    @Test
    void largePopulationsAreSubsampled() {
        // 10,000 neurons each firing 30 times: 300,000 spikes.
        int n = 10_000;
        int per = 30;
        int[] steps = new int[n * per];
        int[] ids = new int[n * per];
        for (int k = 0; k < per; k++) {
            for (int i = 0; i < n; i++) {
                steps[k * n + i] = k * 10;
                ids[k * n + i] = i;
            }
        }
        Map<String, SpikeTrains> spikes = new LinkedHashMap<>();
        spikes.put("big", new SpikeTrains("big", n, 0.1, steps, ids));
        spikes.put("small", new SpikeTrains("small", 50, 0.1, new int[] {1}, new int[] {3}));
        int[] stride = Plots.strides(spikes);
        assertThat(stride[0]).isEqualTo(50); // 200 neurons × 30 spikes = 6,000 points
        assertThat(stride[1]).isEqualTo(1);
    }
}
