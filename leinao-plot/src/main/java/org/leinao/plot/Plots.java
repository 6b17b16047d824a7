package org.leinao.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;
import org.leinao.io.output.RateTable;
import org.leinao.io.output.SavedRun;

/**
 * Raster, population-rate and state-trace charts of a run, saved as PNG or SVG (chosen by the file
 * extension). Inputs are a {@link SavedRun} (read back by {@code RunReader}) or an in-memory
 * {@link Result}. Everything runs headless.
 *
 * <p>Rasters of large networks are subsampled: at most {@link #MAX_NEURONS_PER_POPULATION} evenly
 * spaced neurons per population (every k-th id), thinned further until at most
 * {@link #MAX_POINTS} spikes are drawn; the legend says how many neurons are shown.
 */
public final class Plots {
    /** Default image width in pixels. */
    public static final int WIDTH = 1200;
    /** Default image height in pixels. */
    public static final int HEIGHT = 800;
    /** Most neurons drawn per population in a raster. */
    public static final int MAX_NEURONS_PER_POPULATION = 200;
    /** Most spikes drawn in a raster. */
    public static final int MAX_POINTS = 200_000;
    /** Most neurons drawn per state variable in a trace chart. */
    public static final int MAX_TRACES = 5;

    /** Colours per population, in population order (the "tab10" palette). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    // ----- public entry points: write a file -----

    /** Spike raster of a run to {@code file} (.png or .svg), 1200×800. */
    public static void raster(SavedRun run, Path file) throws IOException {
        save(rasterChart(run), file, WIDTH, HEIGHT);
    }

    /** Spike raster of an in-memory result to {@code file} (.png or .svg), 1200×800. */
    public static void raster(Result result, String name, Path file) throws IOException {
        raster(SavedRun.of(result, name), file);
    }

    /** Population rates over time to {@code file} (.png or .svg), 1200×800. */
    public static void rates(SavedRun run, Path file) throws IOException {
        save(ratesChart(run), file, WIDTH, HEIGHT);
    }

    /** Population rates over time of an in-memory result. */
    public static void rates(Result result, String name, Path file) throws IOException {
        rates(SavedRun.of(result, name), file);
    }

    /** State traces of a few neurons to {@code file} (.png or .svg), 1200×800; fails if none were recorded. */
    public static void traces(SavedRun run, Path file) throws IOException {
        save(tracesChart(run), file, WIDTH, HEIGHT);
    }

    /** State traces of an in-memory result. */
    public static void traces(Result result, String name, Path file) throws IOException {
        traces(SavedRun.of(result, name), file);
    }

    /** Saves a chart as PNG, or as SVG when {@code file} ends in ".svg". */
    public static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            Files.writeString(file, g.getSVGDocument(), StandardCharsets.UTF_8);
        } else {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        }
    }

    // ----- charts -----

    /** The raster chart: one colour per population, populations stacked bottom-up in order. */
    public static JFreeChart rasterChart(SavedRun run) {
        Map<String, SpikeTrains> spikes = run.spikes();
        int[] stride = strides(spikes);
        XYSeriesCollection data = new XYSeriesCollection();
        XYPlot plot = new XYPlot();
        double offset = 0;
        int k = 0;
        List<Color> colours = new ArrayList<>();
        for (SpikeTrains s : spikes.values()) {
            colours.add(PALETTE[Math.max(0, run.populations().indexOf(s.population())) % PALETTE.length]);
            int st = stride[k++];
            int shown = (s.size() + st - 1) / st;
            String label = String.format(Locale.ROOT, "%s  %.2f Hz  (%s)", s.population(),
                    run.rate(s.population()),
                    st == 1 ? s.size() + " neurons" : shown + " of " + s.size() + " neurons shown");
            XYSeries series = new XYSeries(label, false, true);
            int[] steps = s.steps();
            int[] ids = s.neurons();
            double dt = s.dt();
            for (int i = 0; i < steps.length; i++) {
                if (ids[i] % st == 0) {
                    series.add((steps[i] + 1) * dt, offset + ids[i] / st, false);
                }
            }
            data.addSeries(series);
            offset += shown;
            if (k < spikes.size()) {
                ValueMarker m = new ValueMarker(offset - 0.5, Color.LIGHT_GRAY, new BasicStroke(1f));
                plot.addRangeMarker(m);
            }
        }
        XYDotRenderer dots = new XYDotRenderer();
        int size = totalItems(data) > 50_000 ? 1 : 2;
        dots.setDotWidth(size);
        dots.setDotHeight(size);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            dots.setSeriesPaint(i, colours.get(i));
        }
        dots.setDefaultLegendShape(new Rectangle(-4, -4, 8, 8));
        plot.setDataset(data);
        plot.setRenderer(dots);
        NumberAxis x = new NumberAxis("time (ms)");
        x.setRange(0, Math.max(run.durationMs(), run.dtMs()));
        plot.setDomainAxis(x);
        NumberAxis y = new NumberAxis(anySubsampled(stride) ? "neuron (subsampled, by population)" : "neuron");
        y.setRange(-0.5, Math.max(offset, 1) - 0.5);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setRangeAxis(y);
        JFreeChart chart = chart(titleWithRates(run, "Spike raster"), plot);
        if (spikes.isEmpty()) {
            chart.addSubtitle(new TextTitle("no spikes were recorded"));
        }
        return chart;
    }

    /** Population rates over time: one line per population, at bin centres. */
    public static JFreeChart ratesChart(SavedRun run) {
        RateTable r = run.rates();
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : r.hz().entrySet()) {
            XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s  %.2f Hz mean", e.getKey(),
                    run.rate(e.getKey())), false, true);
            double[] hz = e.getValue();
            for (int i = 0; i < hz.length; i++) {
                s.add(r.startMs()[i] + r.binMs() / 2, hz[i], false);
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            lines.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            lines.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        NumberAxis x = new NumberAxis("time (ms)");
        x.setRange(0, Math.max(run.durationMs(), run.dtMs()));
        NumberAxis y = new NumberAxis("population rate (Hz)");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, lines);
        return chart(String.format(Locale.ROOT, "%s: population rates (%s ms bins)", run.name(),
                trim(r.binMs())), plot);
    }

    /**
     * State traces: one panel per recorded variable (sharing the time axis), at most
     * {@link #MAX_TRACES} neurons each, coloured by population.
     */
    public static JFreeChart tracesChart(SavedRun run) {
        if (run.states().isEmpty()) {
            throw new IllegalArgumentException("no state variable was recorded in " + run.name());
        }
        NumberAxis x = new NumberAxis("time (ms)");
        x.setRange(0, Math.max(run.durationMs(), run.dtMs()));
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(12);
        List<String> variables = new ArrayList<>();
        for (StateTrace t : run.states().values()) {
            if (!variables.contains(t.variable())) {
                variables.add(t.variable());
            }
        }
        for (String v : variables) {
            XYSeriesCollection data = new XYSeriesCollection();
            List<Paint> paints = new ArrayList<>();
            int left = MAX_TRACES;
            for (StateTrace t : run.states().values()) {
                if (!t.variable().equals(v)) {
                    continue;
                }
                Color base = PALETTE[Math.max(0, run.populations().indexOf(t.population())) % PALETTE.length];
                int cols = Math.min(left, t.neurons().length);
                for (int j = 0; j < cols; j++) {
                    XYSeries s = new XYSeries(t.population() + "[" + t.neurons()[j] + "]", false, true);
                    for (int i = 0; i < t.samples(); i++) {
                        s.add(t.time(i), t.value(i, j), false);
                    }
                    data.addSeries(s);
                    paints.add(shade(base, j, cols));
                }
                left -= cols;
                if (left == 0) {
                    break;
                }
            }
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
            for (int i = 0; i < paints.size(); i++) {
                lines.setSeriesPaint(i, paints.get(i));
                lines.setSeriesStroke(i, new BasicStroke(1.2f));
            }
            String unit = SavedRun.unitOf(v);
            NumberAxis y = new NumberAxis(unit == null ? v : v + " (" + unit + ")");
            y.setAutoRangeIncludesZero(false);
            combined.add(new XYPlot(data, null, y, lines), 1);
        }
        return chart(run.name() + ": state traces", combined);
    }

    // ----- helpers -----

    /** Every k-th neuron per population so each shows at most 200 neurons and all at most MAX_POINTS spikes. */
    static int[] strides(Map<String, SpikeTrains> spikes) {
        int n = spikes.size();
        int[] stride = new int[n];
        List<int[]> counts = new ArrayList<>();
        int k = 0;
        for (SpikeTrains s : spikes.values()) {
            stride[k++] = Math.max(1, (s.size() + MAX_NEURONS_PER_POPULATION - 1) / MAX_NEURONS_PER_POPULATION);
            counts.add(s.countsPerNeuron());
        }
        while (true) {
            long total = 0;
            int biggest = -1;
            long most = -1;
            for (int i = 0; i < n; i++) {
                long shown = shownSpikes(counts.get(i), stride[i]);
                total += shown;
                if (shown > most && stride[i] < counts.get(i).length) {
                    most = shown;
                    biggest = i;
                }
            }
            if (total <= MAX_POINTS || biggest < 0) {
                return stride;
            }
            stride[biggest] *= 2;
        }
    }

    private static long shownSpikes(int[] perNeuron, int stride) {
        long c = 0;
        for (int id = 0; id < perNeuron.length; id += stride) {
            c += perNeuron[id];
        }
        return c;
    }

    private static boolean anySubsampled(int[] stride) {
        for (int s : stride) {
            if (s > 1) {
                return true;
            }
        }
        return false;
    }

    private static int totalItems(XYSeriesCollection data) {
        int n = 0;
        for (int i = 0; i < data.getSeriesCount(); i++) {
            n += data.getItemCount(i);
        }
        return n;
    }

    /** Lighter and darker variants of a population colour for its traces. */
    private static Color shade(Color base, int j, int n) {
        if (n <= 1) {
            return base;
        }
        float f = 0.6f + 0.8f * j / (n - 1); // 0.6 (darker) .. 1.4 (lighter)
        if (f <= 1) {
            return new Color((int) (base.getRed() * f), (int) (base.getGreen() * f), (int) (base.getBlue() * f));
        }
        float g = f - 1;
        return new Color(mix(base.getRed(), g), mix(base.getGreen(), g), mix(base.getBlue(), g));
    }

    private static int mix(int c, float towardWhite) {
        return Math.min(255, (int) (c + (255 - c) * towardWhite));
    }

    private static String titleWithRates(SavedRun run, String what) {
        StringBuilder b = new StringBuilder(run.name()).append(": ").append(what).append(" — ");
        List<String> pops = run.populations();
        for (int i = 0; i < pops.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(String.format(Locale.ROOT, "%s %.2f Hz", pops.get(i), run.rate(pops.get(i))));
        }
        return b.toString();
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
        JFreeChart c = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 18), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            style(xy);
        } else if (plot instanceof CombinedDomainXYPlot combined) {
            for (XYPlot p : combined.getSubplots()) {
                style(p);
            }
        }
        return c;
    }

    private static void style(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
