package org.leinao.io.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.Stimulus;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.FormatDetector;

/**
 * An event-camera recording used as a stimulus: every event {@code (t, x, y, p)} becomes a spike of
 * one neuron of a spike-source population (typically {@code parrot_neuron}), so that an N-MNIST digit
 * can drive a network. Immutable; the {@code with…} methods return modified copies.
 *
 * <p>The mapping, in order (see {@code docs/events.md}, "Driving the engine"):
 * <ol>
 * <li><b>time window</b>: events with {@code start ≤ t < stop} (file time, ms) are kept;</li>
 * <li><b>crop</b>: events inside {@code [x0, x0+w) × [y0, y0+h)} are kept and moved so that the
 *     box corner becomes (0, 0) (Tonic {@code CropTime}/{@code Crop} semantics);</li>
 * <li><b>downsample</b> by an integer factor f: {@code x' = floor(x / f)}, {@code y' = floor(y / f)},
 *     the grid becomes {@code ceil(W / f) × ceil(H / f)} (Tonic {@code Downsample(spatial_factor=1/f)});</li>
 * <li><b>polarity</b>: {@link Polarity#SPLIT} gives ON and OFF their own neurons,
 *     {@code neuron = (p·H + y')·W + x'} (OFF = p 0 first); {@link Polarity#MERGE} uses
 *     {@code y'·W + x'}; {@link Polarity#ON} / {@link Polarity#OFF} keep one polarity only;</li>
 * <li><b>time</b>: an event at file time t (µs) spikes at simulation time
 *     {@code ceil((t − start + offset) / dt) · dt}, but at least {@code dt}: rounding is up, so a
 *     spike is never earlier than its event. Several events of one neuron in one step become
 *     <em>one</em> spike (a spike source emits at most one spike per step);
 *     {@link Mapping#merged()} counts them;</li>
 * <li><b>cap</b>: at most {@code maxEvents} events (after window and crop) are used; the rest are
 *     counted in {@link Mapping#dropped()}.</li>
 * </ol>
 *
 * <pre>{@code
 * EventStimulus ev = EventStimulus.of(Path.of("digit.bin")).withSensor(34, 34);   // N-MNIST records no size
 * Network net = Network.builder().dt(0.1);
 * ev.addTo(net, 0.1, "retina", 1.0);             // parrot population of ev.neuronCount() neurons + stimulus
 * net.population("hidden", 100, NeuronModels.iafPscExp())
 *    .connect("retina", "hidden", Connector.fixedIndegree(50), Distribution.constant(300), Distribution.constant(1));
 * }</pre>
 *
 * @param file        the recording, any format {@link EventFiles#open(Path)} detects
 * @param sensor      sensor size for formats that record none (N-MNIST, NPY), or null
 * @param crop        box in sensor coordinates, or null for the whole sensor
 * @param downsample  integer spatial factor ≥ 1
 * @param polarity    polarity handling
 * @param startMs     window start, file time in ms (≥ 0)
 * @param stopMs      window end (exclusive), file time in ms; infinity for the whole file
 * @param offsetMs    simulation time added to {@code t − start}, ms (≥ 0)
 * @param maxEvents   cap on the events used (≥ 0)
 */
public record EventStimulus(Path file, SensorSize sensor, Crop crop, int downsample, Polarity polarity,
        double startMs, double stopMs, double offsetMs, long maxEvents) {

    /** Default cap on events used: 10 million (80 MB of working memory while mapping). */
    public static final long DEFAULT_MAX_EVENTS = 10_000_000L;

    /** How ON and OFF events map to neurons. */
    public enum Polarity {
        /** ON and OFF get their own neurons: {@code (p·H + y)·W + x}, OFF (p = 0) first. */
        SPLIT,
        /** Both polarities share one neuron per pixel: {@code y·W + x}. */
        MERGE,
        /** Only ON events, one neuron per pixel. */
        ON,
        /** Only OFF events, one neuron per pixel. */
        OFF;

        /** Lower-case name as written in model files. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code split}, {@code merge}, {@code on} or {@code off}; null if none. */
        public static Polarity parse(String s) {
            for (Polarity p : values()) {
                if (p.id().equals(s)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** A box {@code [x0, x0+width) × [y0, y0+height)} in sensor coordinates. */
    public record Crop(int x0, int y0, int width, int height) {
        /** Checks the box is not empty and starts at non-negative coordinates. */
        public Crop {
            if (x0 < 0 || y0 < 0 || width < 1 || height < 1) {
                throw new EventStimulusException("crop", "expected x0, y0 >= 0 and width, height >= 1, got ["
                        + x0 + ", " + y0 + ", " + width + ", " + height + "]");
            }
        }
    }

    /**
     * The neuron grid the mapping needs.
     *
     * @param width    columns after crop and downsampling
     * @param height   rows after crop and downsampling
     * @param channels 2 for {@link Polarity#SPLIT}, else 1
     */
    public record Geometry(int width, int height, int channels) {
        /** Neurons needed: {@code channels · height · width}. */
        public int neuronCount() {
            return Math.toIntExact((long) channels * height * width);
        }

        /** "2 x 34 x 34" style description. */
        public String describe() {
            return (channels == 2 ? "2 polarities x " : "") + height + " x " + width;
        }
    }

    /**
     * The result of mapping.
     *
     * @param stimulus   the spike train per neuron, as one {@link Stimulus.SpikeTimes}
     * @param geometry   the neuron grid
     * @param eventsRead events read from the file (up to the end of the window)
     * @param eventsUsed events inside the window and crop, with the chosen polarity, up to the cap
     * @param merged     used events that fell on a neuron and step that already had a spike
     * @param dropped    events beyond {@code maxEvents}
     * @param coverage   what part of the recording was read, for {@link EventStimulus#check}
     */
    public record Mapping(Stimulus.SpikeTimes stimulus, Geometry geometry, long eventsRead, long eventsUsed,
            long merged, long dropped, Coverage coverage) {
        /** Size of the spike-source population the mapping needs. */
        public int neuronCount() {
            return geometry.neuronCount();
        }

        /** Number of spikes. */
        public int spikes() {
            return stimulus.times().length;
        }
    }

    /**
     * What part of the recording a mapping read.
     *
     * @param firstUs   file time of the first event read, µs (0 when none was read)
     * @param lastUs    latest file time among the events read, µs (0 when none was read)
     * @param toEnd     whether reading went to the end of the file (else it stopped at the window's stop)
     * @param inWindow  events with {@code start ≤ t < stop}, before crop, polarity and cap
     */
    public record Coverage(long firstUs, long lastUs, boolean toEnd, long inWindow) {
    }

    /**
     * A problem of a mapping that only shows with the run's length: located at a model-file key.
     *
     * @param option  the model-file key it concerns ({@code file}, {@code start}, {@code stop}, {@code crop}, …)
     * @param error   true when nothing at all of the recording can be used (an error in model files);
     *                false when only part is used (a warning)
     * @param message what happened and what to change
     */
    public record Issue(String option, boolean error, String message) {
    }

    /** Checks the options. */
    public EventStimulus {
        if (file == null) {
            throw new EventStimulusException("file", "expected an event file, got null");
        }
        if (polarity == null) {
            throw new EventStimulusException("polarity", "expected split, merge, on or off, got null");
        }
        if (downsample < 1) {
            throw new EventStimulusException("downsample", "expected an integer factor >= 1, got " + downsample);
        }
        if (!(startMs >= 0) || Double.isInfinite(startMs)) {
            throw new EventStimulusException("start", "expected a finite time >= 0 ms, got " + startMs + " ms");
        }
        if (!(stopMs > startMs)) {
            throw new EventStimulusException("stop", "expected a time after start (" + startMs + " ms), got "
                    + stopMs + " ms");
        }
        if (!(offsetMs >= 0) || Double.isInfinite(offsetMs)) {
            throw new EventStimulusException("offset", "expected a finite time >= 0 ms, got " + offsetMs + " ms");
        }
        if (maxEvents < 0) {
            throw new EventStimulusException("max_events", "expected a count >= 0, got " + maxEvents);
        }
    }

    /** The whole file, ON/OFF split, no crop or downsampling, default cap. */
    public static EventStimulus of(Path file) {
        return new EventStimulus(file, null, null, 1, Polarity.SPLIT, 0, Double.POSITIVE_INFINITY, 0,
                DEFAULT_MAX_EVENTS);
    }

    /** Sensor size for a file that records none (N-MNIST: 34 × 34). */
    public EventStimulus withSensor(int width, int height) {
        return new EventStimulus(file, new SensorSize(width, height), crop, downsample, polarity, startMs, stopMs,
                offsetMs, maxEvents);
    }

    /** Keeps the box {@code [x0, x0+w) × [y0, y0+h)}. */
    public EventStimulus withCrop(int x0, int y0, int w, int h) {
        return new EventStimulus(file, sensor, new Crop(x0, y0, w, h), downsample, polarity, startMs, stopMs,
                offsetMs, maxEvents);
    }

    /** Integer spatial downsampling factor (after the crop). */
    public EventStimulus withDownsample(int factor) {
        return new EventStimulus(file, sensor, crop, factor, polarity, startMs, stopMs, offsetMs, maxEvents);
    }

    /** Polarity handling. */
    public EventStimulus withPolarity(Polarity p) {
        return new EventStimulus(file, sensor, crop, downsample, p, startMs, stopMs, offsetMs, maxEvents);
    }

    /** Keeps events with {@code start ≤ t < stop} (file time, ms). */
    public EventStimulus withWindow(double start, double stop) {
        return new EventStimulus(file, sensor, crop, downsample, polarity, start, stop, offsetMs, maxEvents);
    }

    /** Simulation time of the window start, ms. */
    public EventStimulus withOffset(double offset) {
        return new EventStimulus(file, sensor, crop, downsample, polarity, startMs, stopMs, offset, maxEvents);
    }

    /** Uses at most {@code n} events. */
    public EventStimulus withMaxEvents(long n) {
        return new EventStimulus(file, sensor, crop, downsample, polarity, startMs, stopMs, offsetMs, n);
    }

    /**
     * The neuron grid, from the file's header (or {@link #sensor()}) and the options.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws org.leinao.events.io.EventFormatException when the file is not a readable event file
     * @throws EventStimulusException when the sensor size is unknown or the crop leaves the sensor
     */
    public Geometry geometry() throws IOException {
        try (EventReader r = open()) {
            return geometry(r.sensor());
        }
    }

    /** Size of the spike-source population the mapping needs (see {@link #geometry()}). */
    public int neuronCount() throws IOException {
        return geometry().neuronCount();
    }

    /** Maps the events to spikes on the grid of resolution {@code dt} (ms); see the class comment. */
    public Stimulus.SpikeTimes toStimulus(double dt) throws IOException {
        return map(dt).stimulus();
    }

    /**
     * Adds a {@code parrot_neuron} population {@code population} of {@link #neuronCount()} neurons
     * and this stimulus (named {@code population + "_events"}) to {@code net}, with weight 1 and the
     * given delay. The parrots then spike at the mapped times plus {@code delay}.
     *
     * @param dt    the network's resolution in ms (the one given to {@link Network#dt(double)})
     * @param delay delay of the stimulus connection in ms (≥ dt)
     * @return the mapping, for its counts
     */
    public Mapping addTo(Network net, double dt, String population, double delay) throws IOException {
        Mapping m = map(dt);
        net.population(population, m.neuronCount(), NeuronModels.of("parrot_neuron"));
        net.stimulus(population + "_events", m.stimulus(), List.of(population), 1.0, delay);
        return m;
    }

    /**
     * Reads the file and maps its events to spikes; streams the file in batches, so only the used
     * events are held (8 bytes each).
     *
     * @param dt resolution in ms (> 0)
     */
    public Mapping map(double dt) throws IOException {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt: expected a finite time > 0 ms, got " + dt);
        }
        try (EventReader r = open()) {
            Geometry g = geometry(r.sensor());
            int w = g.width();
            int h = g.height();
            int f = downsample;
            int x0 = crop == null ? 0 : crop.x0();
            int y0 = crop == null ? 0 : crop.y0();
            int cw = crop == null ? Integer.MAX_VALUE : crop.width();
            int ch = crop == null ? Integer.MAX_VALUE : crop.height();
            long startUs = (long) Math.ceil(startMs * 1000.0 - 1e-6);
            long stopUs = Double.isInfinite(stopMs) ? Long.MAX_VALUE : (long) Math.ceil(stopMs * 1000.0 - 1e-6);
            double offsetUs = offsetMs * 1000.0;
            double dtUs = dt * 1000.0;
            int keep = switch (polarity) {
                case ON -> 1;
                case OFF -> 0;
                default -> -1;
            };
            boolean split = polarity == Polarity.SPLIT;
            long[] keys = new long[1024];
            int n = 0;
            long read = 0;
            long used = 0;
            long dropped = 0;
            long firstUs = 0;
            long lastUs = Long.MIN_VALUE;
            long inWindow = 0;
            boolean toEnd = true;
            EventBatch b = new EventBatch(65_536);
            outer:
            while (r.read(b) > 0) {
                long[] t = b.t();
                short[] x = b.x();
                short[] y = b.y();
                byte[] p = b.p();
                int size = b.size();
                for (int i = 0; i < size; i++) {
                    long ti = t[i];
                    if (ti >= stopUs) {
                        if (read + i == 0) {
                            firstUs = ti; // the window ends before the recording starts
                        }
                        read += i;
                        toEnd = false;
                        break outer;
                    }
                    if (read + i == 0) {
                        firstUs = ti;
                    }
                    lastUs = Math.max(lastUs, ti);
                    if (ti >= startUs) {
                        inWindow++;
                    }
                    int xx = x[i] - x0;
                    int yy = y[i] - y0;
                    int pp = p[i];
                    if (ti < startUs || xx < 0 || yy < 0 || xx >= cw || yy >= ch || (keep >= 0 && pp != keep)) {
                        continue;
                    }
                    if (used >= maxEvents) {
                        dropped++;
                        continue;
                    }
                    used++;
                    xx /= f;
                    yy /= f;
                    if (xx >= w || yy >= h) {
                        throw new EventStimulusException("sensor", "event " + (read + i) + " of " + file + " (x "
                                + x[i] + ", y " + y[i] + ") lies outside the " + (w * f) + "x" + (h * f) + " sensor");
                    }
                    int neuron = (split ? (pp * h + yy) * w : yy * w) + xx;
                    long step = Math.max(1, (long) Math.ceil((ti - startUs + offsetUs) / dtUs - 1e-9));
                    if (step > Integer.MAX_VALUE) {
                        throw new EventStimulusException("stop", "event at " + ti + " µs is beyond the "
                                + Integer.MAX_VALUE + " steps a simulation can have at dt " + dt + " ms");
                    }
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, (int) Math.min(Integer.MAX_VALUE - 8L, keys.length * 2L));
                    }
                    keys[n++] = step << 32 | neuron;
                }
                read += size;
            }
            // Sort by (step, neuron): readers deliver time order, but equal steps need neuron order and
            // duplicates (several events of one neuron in one step) must be adjacent to be merged.
            Arrays.sort(keys, 0, n);
            int u = 0;
            for (int i = 0; i < n; i++) {
                if (u == 0 || keys[i] != keys[u - 1]) {
                    keys[u++] = keys[i];
                }
            }
            double[] times = new double[u];
            int[] neurons = new int[u];
            for (int i = 0; i < u; i++) {
                times[i] = (keys[i] >>> 32) * dt;
                neurons[i] = (int) keys[i];
            }
            return new Mapping(new Stimulus.SpikeTimes(times, neurons), g, read, used, n - u, dropped,
                    new Coverage(firstUs, read == 0 ? 0 : lastUs, toEnd, inWindow));
        }
    }

    /**
     * What a run of {@code runMs} ms makes of mapping {@code m} (of this stimulus): errors when no event
     * at all can be used (a file without events, a window past the end of the recording or before its
     * start, a crop or polarity that keeps nothing), a warning when spikes fall after the end of the
     * run and are never delivered — as a model file warns about a state recorder whose interval is
     * longer than the run. Empty when the whole mapping is used.
     */
    public List<Issue> check(Mapping m, double runMs) {
        Coverage c = m.coverage();
        String window = "[" + ms(startMs * 1000) + ", " + (Double.isInfinite(stopMs) ? "end" : ms(stopMs * 1000))
                + ")";
        if (m.eventsRead() == 0 && c.toEnd()) {
            return List.of(new Issue("file", true, file + " holds no events; nothing to stimulate with"));
        }
        if (m.eventsUsed() == 0) {
            if (c.inWindow() == 0 && c.toEnd() && c.lastUs() < startMs * 1000) {
                return List.of(new Issue("start", true, "start " + ms(startMs * 1000) + " is after the recording's"
                        + " last event (file time " + ms(c.lastUs()) + "): no event falls in the window " + window));
            }
            if (c.inWindow() == 0) {
                return List.of(new Issue(Double.isInfinite(stopMs) ? "start" : "stop", true, "no event falls in the"
                        + " window " + window + " (file time); the recording's events span " + ms(c.firstUs())
                        + (c.toEnd() ? " .. " + ms(c.lastUs()) : " onwards")
                        + (c.firstUs() > 1e12 ? " (a camera clock: times count from 1970)" : "")));
            }
            String option = maxEvents == 0 ? "max_events" : crop != null ? "crop" : "polarity";
            return List.of(new Issue(option, true, "none of the " + c.inWindow() + " events in the window " + window
                    + " is used (" + (maxEvents == 0 ? "max_events is 0" : crop != null ? "none lies in the crop"
                            + (polarity == Polarity.ON || polarity == Polarity.OFF ? " with polarity " + polarity.id()
                                    : "") : "none has polarity " + polarity.id()) + "); nothing to stimulate with"));
        }
        double[] times = m.stimulus().times();
        int late = 0;
        for (int i = times.length - 1; i >= 0 && times[i] > runMs + 1e-9; i--) {
            late++; // times are sorted: count from the end
        }
        if (late == 0) {
            return List.of();
        }
        return List.of(new Issue(Double.isInfinite(stopMs) ? "file" : "stop", false, late + " of " + times.length
                + " spikes (up to " + ms(times[times.length - 1] * 1000) + ") fall after the end of the run ("
                + ms(runMs * 1000) + ") and are never delivered, so only part of the recording is used; set stop to"
                + " the part you want or a longer duration"));
    }

    /** A time in µs as "12.5 ms". */
    private static String ms(double us) {
        return String.format(java.util.Locale.ROOT, "%s ms", new java.math.BigDecimal(us / 1000.0)
                .round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString());
    }

    private EventReader open() throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        EventFormat format = FormatDetector.detect(file);
        return EventFiles.open(file, format, sensor);
    }

    private Geometry geometry(SensorSize declared) {
        SensorSize s = declared;
        if (sensor != null && s.isKnown() && !s.equals(sensor)) {
            throw new EventStimulusException("sensor", "the file declares a " + s + " sensor, not " + sensor);
        }
        if (!s.isKnown() && sensor != null && sensor.isKnown()) {
            s = sensor;
        }
        int w;
        int h;
        if (crop != null) {
            if (s.isKnown() && (crop.x0() + (long) crop.width() > s.width()
                    || crop.y0() + (long) crop.height() > s.height())) {
                throw new EventStimulusException("crop", "the box [" + crop.x0() + ", " + crop.y0() + ", "
                        + crop.width() + ", " + crop.height() + "] leaves the " + s + " sensor");
            }
            w = crop.width();
            h = crop.height();
        } else if (s.isKnown()) {
            w = s.width();
            h = s.height();
        } else {
            throw new EventStimulusException("sensor", "the file records no sensor size; give one "
                    + "(e.g. 34x34 for N-MNIST) or a crop");
        }
        int dw = (w + downsample - 1) / downsample;
        int dh = (h + downsample - 1) / downsample;
        int channels = polarity == Polarity.SPLIT ? 2 : 1;
        if ((long) channels * dw * dh > Integer.MAX_VALUE - 8) {
            throw new EventStimulusException("downsample", "the mapping would need " + (long) channels * dw * dh
                    + " neurons; crop or downsample more");
        }
        return new Geometry(dw, dh, channels);
    }
}
