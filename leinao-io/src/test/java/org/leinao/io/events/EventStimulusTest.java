package org.leinao.io.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.spec.Stimulus;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.npy.NpyWriter;
import org.leinao.events.format.prophesee.Evt2Writer;
import org.leinao.events.io.EventFormatException;
import org.leinao.io.events.EventStimulus.Polarity;

/**
 * Mapping of known events to exact spike times and neuron indices. The expected values are worked out
 * by hand from the rules in {@link EventStimulus}'s comment (dt = 0.1 ms = 100 µs, step =
 * max(1, ceil((t − start + offset) / dt))).
 */
class EventStimulusTest {

    static final double DT = 0.1;

    /** (t µs, x, y, p) on an 8 x 6 sensor. */
    static final long[][] EVENTS = {
        {0, 1, 2, 1},     // step 1 (rounded up to dt)
        {100, 3, 0, 0},   // step 1 exactly
        {101, 3, 0, 0},   // step 2 (rounded up)
        {150, 3, 0, 0},   // step 2 again, same pixel and polarity: merged
        {250, 7, 5, 1},   // step 3
        {250, 0, 0, 0},   // step 3
        {250, 0, 0, 1},   // step 3, same pixel, other polarity
    };

    @TempDir
    Path dir;

    static EventBatch batch(long[][] events) {
        EventBatch b = new EventBatch(events.length);
        for (long[] e : events) {
            b.add(e[0], (int) e[1], (int) e[2], (int) e[3]);
        }
        return b;
    }

    Path evt2(long[][] events, int w, int h) throws IOException {
        Path f = dir.resolve("ev.raw");
        try (EventWriter wr = new Evt2Writer(f, new SensorSize(w, h))) {
            wr.write(batch(events));
        }
        return f;
    }

    static double[] steps(double... k) {
        double[] t = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            t[i] = k[i] * DT;
        }
        return t;
    }

    @Test
    void splitPolarityGivesEachPolarityItsOwnNeurons() throws IOException {
        EventStimulus.Mapping m = EventStimulus.of(evt2(EVENTS, 8, 6)).map(DT);
        // neuron = (p*6 + y)*8 + x
        assertThat(m.neuronCount()).isEqualTo(2 * 6 * 8);
        assertThat(m.stimulus().neurons()).containsExactly(3, 65, 3, 0, 48, 95);
        assertThat(m.stimulus().times()).containsExactly(steps(1, 1, 2, 3, 3, 3));
        assertThat(m.eventsRead()).isEqualTo(7);
        assertThat(m.eventsUsed()).isEqualTo(7);
        assertThat(m.merged()).isEqualTo(1);
        assertThat(m.dropped()).isZero();
    }

    @Test
    void mergedPolarityMergesCoincidentOnAndOff() throws IOException {
        EventStimulus.Mapping m = EventStimulus.of(evt2(EVENTS, 8, 6)).withPolarity(Polarity.MERGE).map(DT);
        // neuron = y*8 + x; (0,0) ON and OFF in step 3 become one spike
        assertThat(m.neuronCount()).isEqualTo(48);
        assertThat(m.stimulus().neurons()).containsExactly(3, 17, 3, 0, 47);
        assertThat(m.stimulus().times()).containsExactly(steps(1, 1, 2, 3, 3));
        assertThat(m.merged()).isEqualTo(2);
    }

    @Test
    void singlePolarityKeepsOnlyThatPolarity() throws IOException {
        EventStimulus.Mapping on = EventStimulus.of(evt2(EVENTS, 8, 6)).withPolarity(Polarity.ON).map(DT);
        assertThat(on.stimulus().neurons()).containsExactly(17, 0, 47);
        assertThat(on.stimulus().times()).containsExactly(steps(1, 3, 3));
        assertThat(on.eventsUsed()).isEqualTo(3);
        EventStimulus.Mapping off = EventStimulus.of(evt2(EVENTS, 8, 6)).withPolarity(Polarity.OFF).map(DT);
        assertThat(off.stimulus().neurons()).containsExactly(3, 3, 0);
        assertThat(off.neuronCount()).isEqualTo(48);
    }

    @Test
    void cropThenDownsample() throws IOException {
        // crop [1, 0, 7, 6] -> x' = x - 1 in 0..6, then factor 2 -> 4 x 3 grid (ceil(7/2), ceil(6/2))
        EventStimulus.Mapping m = EventStimulus.of(evt2(EVENTS, 8, 6)).withCrop(1, 0, 7, 6).withDownsample(2)
                .map(DT);
        assertThat(m.geometry()).isEqualTo(new EventStimulus.Geometry(4, 3, 2));
        assertThat(m.neuronCount()).isEqualTo(24);
        // (1,2,ON) -> (0,1) -> (1*3+1)*4+0 = 16; (3,0,OFF) -> (2,0) -> (1,0) -> 1; (7,5,ON) -> (6,5) -> (3,2)
        // -> (3+2)*4+3 = 23; the two (0,0) events lie left of the crop.
        assertThat(m.stimulus().neurons()).containsExactly(1, 16, 1, 23);
        assertThat(m.stimulus().times()).containsExactly(steps(1, 1, 2, 3));
        assertThat(m.eventsUsed()).isEqualTo(5);
    }

    @Test
    void downsampledPixelsShareANeuronAndMergeInOneStep() throws IOException {
        long[][] ev = {{500, 0, 0, 1}, {520, 1, 1, 1}, {540, 1, 0, 1}, {560, 2, 2, 1}};
        EventStimulus.Mapping m = EventStimulus.of(evt2(ev, 4, 4)).withDownsample(2).withPolarity(Polarity.ON)
                .map(DT);
        // three events fall on neuron 0 in step 5 (ceil(5.0), ceil(5.2), ceil(5.4) = 5, 6, 6)
        assertThat(m.stimulus().neurons()).containsExactly(0, 0, 3);
        assertThat(m.stimulus().times()).containsExactly(steps(5, 6, 6));
        assertThat(m.merged()).isEqualTo(1);
    }

    @Test
    void windowAndOffsetShiftTime() throws IOException {
        // keep 100 <= t < 250 µs; step = ceil((t - 100 + 1000) / 100): 10, ceil(10.01) = 11, ceil(10.5) = 11
        EventStimulus.Mapping m = EventStimulus.of(evt2(EVENTS, 8, 6)).withWindow(0.1, 0.25).withOffset(1.0)
                .map(DT);
        assertThat(m.stimulus().neurons()).containsExactly(3, 3);
        assertThat(m.stimulus().times()).containsExactly(steps(10, 11));
        assertThat(m.eventsUsed()).isEqualTo(3);
        assertThat(m.eventsRead()).isEqualTo(4); // reading stops at the first event at or after stop
    }

    @Test
    void coarserResolutionRoundsUp() throws IOException {
        EventStimulus.Mapping m = EventStimulus.of(evt2(EVENTS, 8, 6)).map(1.0);
        // all events lie in (0, 1000] µs -> step 1 (time 1 ms)
        assertThat(m.stimulus().times()).containsOnly(1.0);
        assertThat(m.stimulus().neurons()).containsExactly(0, 3, 48, 65, 95);
        Stimulus.SpikeTimes st = EventStimulus.of(evt2(EVENTS, 8, 6)).toStimulus(0.25);
        // 0 -> 1, 100 -> ceil(0.4) = 1, 101 -> 1, 150 -> 1, 250 -> 1: one step, so 5 distinct spikes
        assertThat(st.times()).containsOnly(0.25);
    }

    @Test
    void capKeepsTheFirstEvents() throws IOException {
        EventStimulus.Mapping m = EventStimulus.of(evt2(EVENTS, 8, 6)).withMaxEvents(2).map(DT);
        assertThat(m.stimulus().neurons()).containsExactly(3, 65);
        assertThat(m.eventsUsed()).isEqualTo(2);
        assertThat(m.dropped()).isEqualTo(5);
    }

    @Test
    void fileWithoutSensorSizeNeedsOne() throws IOException {
        Path f = dir.resolve("ev.npy");
        try (EventWriter wr = new NpyWriter(f)) {
            wr.write(batch(EVENTS));
        }
        assertThatThrownBy(() -> EventStimulus.of(f).neuronCount())
                .isInstanceOfSatisfying(EventStimulusException.class, e -> assertThat(e.option()).isEqualTo("sensor"))
                .hasMessageContaining("records no sensor size");
        assertThat(EventStimulus.of(f).withSensor(8, 6).neuronCount()).isEqualTo(96);
        // a crop alone also defines the grid
        assertThat(EventStimulus.of(f).withCrop(0, 0, 4, 4).map(DT).stimulus().neurons())
                .containsExactly(3, 25, 3, 0, 16); // (p*4 + y)*4 + x; (7,5) lies outside
        // events outside the given sensor
        assertThatThrownBy(() -> EventStimulus.of(f).withSensor(4, 4).map(DT))
                .hasMessage("sensor: event 4 of " + f + " (x 7, y 5) lies outside the 4x4 sensor");
    }

    @Test
    void badOptionsNameTheirKey() throws IOException {
        Path f = evt2(EVENTS, 8, 6);
        assertThatThrownBy(() -> EventStimulus.of(f).withCrop(4, 0, 5, 6).neuronCount())
                .isInstanceOfSatisfying(EventStimulusException.class, e -> assertThat(e.option()).isEqualTo("crop"))
                .hasMessage("crop: the box [4, 0, 5, 6] leaves the 8x6 sensor");
        assertThatThrownBy(() -> EventStimulus.of(f).withSensor(34, 34).neuronCount())
                .hasMessage("sensor: the file declares a 8x6 sensor, not 34x34");
        assertThatThrownBy(() -> EventStimulus.of(f).withDownsample(0))
                .hasMessage("downsample: expected an integer factor >= 1, got 0");
        assertThatThrownBy(() -> EventStimulus.of(f).withWindow(5, 5))
                .hasMessage("stop: expected a time after start (5.0 ms), got 5.0 ms");
        assertThatThrownBy(() -> EventStimulus.of(dir.resolve("none.bin")).map(DT))
                .isInstanceOf(NoSuchFileException.class);
        Path junk = dir.resolve("junk.xyz");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7});
        assertThatThrownBy(() -> EventStimulus.of(junk).map(DT)).isInstanceOf(EventFormatException.class);
    }
}
