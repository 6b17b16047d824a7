package org.leinao.io.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.sim.Threads;
import org.leinao.engine.spec.Connector;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.nmnist.NmnistReader;
import org.leinao.events.format.prophesee.Evt2Writer;
import org.leinao.io.model.LoadedModel;
import org.leinao.io.model.ModelFile;

/** Events drive a network: the parrots relay exactly the mapped events, and an N-MNIST digit drives a hidden layer. */
class EventDrivenSimulationTest {

    static final Path NMNIST = Path.of("../../shared/data/events/sample_nmnist.bin");

    @TempDir
    Path dir;

    @Test
    void parrotsRelayExactlyTheMappedEvents() throws IOException {
        // 3,000 random events on a 16 x 12 sensor over 40 ms, with ties and repeated pixels.
        Random rnd = new Random(6);
        EventBatch b = new EventBatch(3000);
        long t = 0;
        for (int i = 0; i < 3000; i++) {
            t += rnd.nextInt(27);
            b.add(t, rnd.nextInt(16), rnd.nextInt(12), rnd.nextInt(2));
        }
        Path f = dir.resolve("random.raw");
        try (EventWriter w = new Evt2Writer(f, new SensorSize(16, 12))) {
            w.write(b);
        }
        double dt = 0.1;
        double delay = 0.5;
        Network net = Network.builder().dt(dt).seed(3);
        EventStimulus.Mapping m = EventStimulus.of(f).addTo(net, dt, "retina", delay);
        net.population("hidden", 4, NeuronModels.iafPscExp())
                .connect("retina", "hidden", Connector.fixedIndegree(20), Distribution.constant(100.0),
                        Distribution.constant(1.0))
                .recordSpikes("retina");
        assertThat(m.neuronCount()).isEqualTo(2 * 12 * 16);
        assertThat(m.spikes() + m.merged()).isEqualTo(3000);
        assertThat(m.merged()).isPositive(); // the case of several events in one step is exercised

        Result r;
        try (Simulator sim = Simulator.create(net.build(), Threads.of(1))) {
            r = sim.run(Math.ceil(t / 100.0) / 10.0 + 2); // whole steps of 0.1 ms
        }
        SpikeTrains s = r.spikes("retina");
        // The recorder lists spikes by step, then neuron id: the same order as the mapping, shifted by
        // the delay (a parrot spikes in the step its input arrives in).
        int delaySteps = (int) Math.round(delay / dt);
        int[] expectedSteps = new int[m.spikes()];
        for (int i = 0; i < expectedSteps.length; i++) {
            expectedSteps[i] = (int) Math.round(m.stimulus().times()[i] / dt) + delaySteps - 1;
        }
        assertThat(s.neurons()).containsExactly(m.stimulus().neurons());
        assertThat(s.steps()).containsExactly(expectedSteps);
        for (int i = 0; i < s.count(); i++) {
            assertThat(s.time(i)).isCloseTo(m.stimulus().times()[i] + delay, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void anNmnistDigitDrivesAHiddenLayer() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(NMNIST), "../shared/data/events is absent; skipping the N-MNIST test");
        EventStimulus.Mapping m = EventStimulus.of(NMNIST).withSensor(34, 34).map(0.1);
        assertThat(m.neuronCount()).isEqualTo(2 * 34 * 34);
        // Independent count: the file has 4,325 events (docs/events.md, `leinao events info`); the number of
        // distinct (0.1 ms step, pixel, polarity) triples is computed here directly from the reader.
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        try (EventReader r = new NmnistReader(NMNIST, new SensorSize(34, 34))) {
            EventBatch b = new EventBatch(1000);
            while (r.read(b) > 0) {
                for (int i = 0; i < b.size(); i++) {
                    long step = Math.max(1, (b.t()[i] + 99) / 100);
                    distinct.add(step * 4096 + b.p()[i] * 2048 + b.y()[i] * 34 + b.x()[i]);
                }
            }
        }
        assertThat(m.eventsRead()).isEqualTo(4325);
        assertThat(m.spikes()).isEqualTo(distinct.size());
        // docs/events.md states the folded count and the spikes; it said "4 of 4,325" (4,321 spikes) while
        // the mapping and `leinao run examples/events/nmnist.yaml` give 3 and 4,322
        String docs = Files.readString(Path.of("../docs/events.md"));
        assertThat(docs).contains("(N-MNIST at dt = 0.1 ms: " + m.merged() + " of 4,325, giving "
                + String.format(java.util.Locale.ROOT, "%,d", m.spikes()) + " spikes");

        LoadedModel model = ModelFile.load(Path.of("../examples/events/nmnist.yaml"), List.of());
        NetworkSpec spec = model.spec();
        assertThat(spec.population("retina").size()).isEqualTo(2312);
        Result r;
        try (Simulator sim = Simulator.create(spec, Threads.of(1))) {
            r = sim.run(model.durationMs());
        }
        assertThat(r.totalSpikes("retina")).isEqualTo(m.spikes());
        assertThat(r.totalSpikes("hidden")).isPositive();
    }
}
