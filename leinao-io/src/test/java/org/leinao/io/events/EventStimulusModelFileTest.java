package org.leinao.io.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.spec.Stimulus;
import org.leinao.engine.spec.StimulusSpec;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.prophesee.Evt2Writer;
import org.leinao.io.model.LoadedModel;
import org.leinao.io.model.ModelFile;
import org.leinao.io.model.ModelProblems;

/** Stimuli of type {@code events} in model files: file names relative to the model, located errors. */
class EventStimulusModelFileTest {

    /** Line numbers below refer to this text (1-based). */
    static final String BASE = """
            name: ev
            dt: 0.1 ms
            populations:
              retina: {size: 96, model: parrot_neuron}
              hidden: {size: 3, model: iaf_psc_exp}
            projections:
              - {from: retina, to: hidden, connector: all_to_all, weight: 100 pA, delay: 1 ms}
            stimuli:
              - type: events
                file: ev.raw
                targets: retina
                weight: 1
                delay: 0.1 ms
            """;

    @TempDir
    Path dir;

    Path model;

    @BeforeEach
    void writeEvents() throws IOException {
        Path events = dir.resolve("data").resolve("ev.raw");
        Files.createDirectories(events.getParent());
        try (EventWriter w = new Evt2Writer(events, new SensorSize(8, 6))) {
            w.write(EventStimulusTest.batch(EventStimulusTest.EVENTS));
        }
        model = dir.resolve("data").resolve("net.yaml");
    }

    LoadedModel load(String text) throws IOException {
        Files.writeString(model, text);
        return ModelFile.load(model, List.of());
    }

    List<String> problems(String text) throws IOException {
        Files.writeString(model, text);
        return ModelProblems.of(() -> ModelFile.load(model, List.of()));
    }

    static String edit(String from, String to) {
        return ModelProblems.edit(BASE, from, to);
    }

    @Test
    void relativeFileResolvesAgainstTheModelFolder() throws IOException {
        StimulusSpec s = load(BASE).spec().stimuli().get(0);
        assertThat(s.name()).isEqualTo("events_0");
        Stimulus.SpikeTimes st = (Stimulus.SpikeTimes) s.device();
        assertThat(st.neurons()).containsExactly(3, 65, 3, 0, 48, 95); // as in EventStimulusTest
        assertThat(s.delay()).isEqualTo(0.1);
    }

    @Test
    void optionsAreRead() throws IOException {
        String text = edit("    file: ev.raw\n", """
                    file: ev.raw
                    crop: [1, 0, 7, 6]
                    downsample: 2
                    polarity: merge
                    start: 0.1 ms
                    stop: 300 us
                    offset: 1 ms
                    max_events: 100
                """).replace("size: 96", "size: 12");
        Stimulus.SpikeTimes st = (Stimulus.SpikeTimes) load(text).spec().stimuli().get(0).device();
        // 100 <= t < 300 µs, crop x - 1, /2, merged: (3,0)->(1,0)=1 at steps 10, 11; (7,5)->(3,2)=11 at step 12;
        // the (0,0) events lie outside the crop
        assertThat(st.neurons()).containsExactly(1, 1, 11);
        assertThat(st.times()).containsExactly(10 * 0.1, 11 * 0.1, 12 * 0.1);
    }

    @Test
    void missingFile() throws IOException {
        assertThat(problems(edit("file: ev.raw", "file: none.raw"))).containsExactly(
                model + ":10:11: stimuli[0].file: no such file: " + dir.resolve("data").resolve("none.raw"));
    }

    @Test
    void unreadableFile() throws IOException {
        Files.write(dir.resolve("data").resolve("junk.xyz"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        List<String> p = problems(edit("file: ev.raw", "file: junk.xyz"));
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith(model + ":10:11: stimuli[0].file: " + dir.resolve("data").resolve("junk.xyz")
                + ": at byte 0: unrecognised event file");
    }

    @Test
    void populationSizeMustMatchTheMapping() throws IOException {
        assertThat(problems(edit("size: 96", "size: 90"))).containsExactly(
                model + ":11:14: stimuli[0].targets: the event mapping needs 96 neurons (2 polarities x 6 x 8),"
                        + " the targets have 90");
    }

    @Test
    void badOptionsAreLocatedAtTheirKeys() throws IOException {
        String text = edit("    file: ev.raw\n", """
                    file: ev.raw
                    polarity: spilt
                    downsample: 0
                    crop: [1, 2]
                    sensor: big
                """);
        assertThat(problems(text)).containsExactly(
                model + ":11:15: stimuli[0].polarity: expected split, merge, on or off, got \"spilt\" (did you mean 'split'?)",
                model + ":12:17: stimuli[0].downsample: expected an integer in [1, 65535], got 0",
                model + ":13:11: stimuli[0].crop: expected a box [x0, y0, width, height] such as [2, 2, 30, 30],"
                        + " got a list of 2 items",
                model + ":14:13: stimuli[0].sensor: expected a sensor size such as 34x34 or [34, 34], got \"big\"");
    }

    @Test
    void optionsThatDoNotFitTheFileAreLocatedAtTheirKeys() throws IOException {
        assertThat(problems(edit("    file: ev.raw\n", "    file: ev.raw\n    crop: [4, 0, 5, 6]\n"))).containsExactly(
                model + ":11:11: stimuli[0].crop: the box [4, 0, 5, 6] leaves the 8x6 sensor");
        assertThat(problems(edit("    file: ev.raw\n", "    file: ev.raw\n    sensor: 34x34\n"))).containsExactly(
                model + ":11:13: stimuli[0].sensor: the file declares a 8x6 sensor, not 34x34");
        assertThat(problems(edit("    file: ev.raw\n", "    file: ev.raw\n    start: 2 ms\n    stop: 1 ms\n")))
                .containsExactly(model + ":12:11: stimuli[0].stop: expected a time after start (2.0 ms), got 1.0 ms");
    }

    @Test
    void unknownKeyAndMissingFile() throws IOException {
        assertThat(problems(edit("    file: ev.raw\n", "    downsampel: 2\n"))).containsExactly(
                model + ":9:5: stimuli[0].file: missing field 'file': expected an event file such as digit.bin"
                        + " (relative to the model file)",
                model + ":10:5: stimuli[0].downsampel: unknown key 'downsampel' (did you mean 'downsample'?)");
    }

    /*
     * Audit: an event file without events, a window past the recording, and a recording longer than the
     * run were accepted silently. Nothing usable is an error at the key to change; spikes after the end
     * of the run are a warning, as a state recorder whose interval is longer than the run.
     */

    @Test
    void aFileWithoutEventsIsAnError() throws IOException {
        try (EventWriter w = new Evt2Writer(dir.resolve("data").resolve("none.raw"), new SensorSize(8, 6))) {
            // header only
        }
        assertThat(problems(edit("file: ev.raw", "file: none.raw"))).containsExactly(model + ":10:11: stimuli[0].file: "
                + dir.resolve("data").resolve("none.raw") + " holds no events; nothing to stimulate with");
    }

    @Test
    void aWindowPastTheEndOfTheRecordingIsAnError() throws IOException {
        // the events span 0 .. 250 µs
        assertThat(problems(edit("    file: ev.raw\n", "    file: ev.raw\n    start: 1 ms\n    stop: 2 ms\n")))
                .containsExactly(model + ":11:12: stimuli[0].start: start 1 ms is after the recording's last event"
                        + " (file time 0.25 ms): no event falls in the window [1 ms, 2 ms)");
    }

    @Test
    void aWindowBeforeTheRecordingIsAnError() throws IOException {
        Path late = dir.resolve("data").resolve("late.raw");
        try (EventWriter w = new Evt2Writer(late, new SensorSize(8, 6))) {
            w.write(EventStimulusTest.batch(new long[][] {{5000, 1, 1, 1}, {6000, 2, 2, 0}}));
        }
        assertThat(problems(edit("    file: ev.raw\n", "    file: late.raw\n    stop: 2 ms\n"))).containsExactly(
                model + ":11:11: stimuli[0].stop: no event falls in the window [0 ms, 2 ms) (file time); the"
                        + " recording's events span 5 ms onwards");
    }

    @Test
    void aPolarityThatKeepsNothingIsAnError() throws IOException {
        Path on = dir.resolve("data").resolve("on.raw");
        try (EventWriter w = new Evt2Writer(on, new SensorSize(8, 6))) {
            w.write(EventStimulusTest.batch(new long[][] {{50, 1, 1, 1}, {60, 2, 2, 1}}));
        }
        assertThat(problems(edit("    file: ev.raw\n", "    file: on.raw\n    polarity: off\n")
                .replace("size: 96", "size: 48"))).containsExactly(model + ":11:15: stimuli[0].polarity: none of the 2"
                        + " events in the window [0 ms, end) is used (none has polarity off); nothing to stimulate with");
    }

    @Test
    void aRecordingLongerThanTheRunIsAWarning() throws IOException {
        // spikes at 0.1, 0.1, 0.2, 0.3, 0.3, 0.3 ms; a run of 0.2 ms delivers the first three
        LoadedModel m = load(edit("dt: 0.1 ms\n", "dt: 0.1 ms\nduration: 0.2 ms\n"));
        assertThat(m.warnings()).extracting(Object::toString).containsExactly(model + ":11:11: stimuli[0].file: 3 of 6"
                + " spikes (up to 0.3 ms) fall after the end of the run (0.2 ms) and are never delivered, so only part of"
                + " the recording is used; set stop to the part you want or a longer duration");
        assertThat(load(BASE).warnings()).isEmpty();
    }
}
