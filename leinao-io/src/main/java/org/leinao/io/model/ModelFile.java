package org.leinao.io.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.leinao.engine.neuron.NeuronModels;
import org.leinao.engine.spec.Dimension;
import org.leinao.engine.spec.NetworkSpec;
import org.leinao.engine.spec.RecorderSpec;
import org.leinao.io.model.YNode.YList;
import org.leinao.io.model.YNode.YMap;

/**
 * Loads YAML model files: one network per file, every quantity a string with a unit, checked
 * per field; {@code --set path=value} overrides; every problem reported at once with its file,
 * line, column and field path (see {@code docs/model-files.md}).
 *
 * <pre>{@code
 * LoadedModel m = ModelFile.load(Path.of("examples/brunel.yaml"), List.of("populations.exc.size=2000"));
 * try (Simulator sim = Simulator.create(m.spec())) {
 *     Result r = sim.run(m.durationMs());
 * }
 * }</pre>
 */
public final class ModelFile {
    /** The embedded example gallery, in the order shown in the README. */
    private static final List<String> EXAMPLES = List.of("brunel", "cuba", "coba", "izhikevich", "microcircuit");

    private ModelFile() {
    }

    /**
     * Loads and validates a model file.
     *
     * @param file the YAML file
     * @param overrides {@code path=value} overrides applied before checking
     * @throws ModelFileException listing every problem (also when the file cannot be read)
     */
    public static LoadedModel load(Path file, List<String> overrides) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(List.of(new Problem(file.toString(), 0, 0, "", "no such file")));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFileException(List.of(new Problem(file.toString(), 0, 0, "",
                    "expected a UTF-8 text file (a YAML model), found bytes that are not UTF-8")));
        } catch (IOException e) {
            throw new ModelFileException(List.of(new Problem(file.toString(), 0, 0, "",
                    "cannot read the file: " + e.getMessage())));
        }
        LoadedModel m = parse(text, file.toString(), overrides);
        return new LoadedModel(m.name(), m.spec(), m.durationMs(), file.toString(), m.warnings());
    }

    /** Loads an embedded example ({@link #examples()}) with overrides. */
    public static LoadedModel example(String name, List<String> overrides) {
        String text = exampleText(name);
        LoadedModel m = parse(text, name + ".yaml", overrides);
        return new LoadedModel(m.name(), m.spec(), m.durationMs(), "example:" + name, m.warnings());
    }

    /** The YAML text of an embedded example. */
    public static String exampleText(String name) {
        String res = "/org/leinao/io/examples/" + name + ".yaml";
        try (InputStream in = ModelFile.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new ModelFileException(List.of(new Problem(name, 0, 0, "", "no such example"
                        + NeuronModels.suggestion(name, EXAMPLES))));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelFileException(List.of(new Problem(name, 0, 0, "", "cannot read the example: "
                    + e.getMessage())));
        }
    }

    /** Names of the embedded examples. */
    public static List<String> examples() {
        return EXAMPLES;
    }

    /**
     * A time written as in a model file ({@code "500 ms"}, {@code "1 s"}, {@code "250 us"}), in ms,
     * for options that take one; a number without a unit is not a time.
     *
     * @return the time in ms, or NaN when {@code text} is not a time
     */
    public static double timeMs(String text) {
        try {
            Units.Quantity q = Units.parse(text);
            return q.dimension() == Dimension.TIME ? q.value() : Double.NaN;
        } catch (Units.NotAQuantity e) {
            return Double.NaN;
        }
    }

    /**
     * Parses and validates model-file text.
     *
     * @param text YAML text
     * @param fileName name used in problem locations (and, without extension, as default name)
     * @param overrides {@code path=value} overrides applied before checking
     * @throws ModelFileException listing every problem
     */
    public static LoadedModel parse(String text, String fileName, List<String> overrides) {
        List<Problem> problems = new ArrayList<>();
        YNode root = YamlTree.parse(text, fileName, problems);
        if (root == null) {
            throw fail(problems);
        }
        if (root instanceof YMap m && !overrides.isEmpty()) {
            Overrides.apply(m, overrides, problems);
        }
        Reader reader = new Reader(problems);
        NetworkReader.Read read = new NetworkReader(reader, stem(fileName), folder(fileName)).read(root, 0, problems);
        if (read == null || !problems.isEmpty()) {
            throw fail(problems);
        }
        List<String> engine = read.spec().validate();
        if (!engine.isEmpty()) {
            Map<String, Loc> locations = new HashMap<>();
            index(root, "", locations);
            problems.addAll(EngineProblems.map(engine, read.projectionPaths(), read.recorderPaths(), locations,
                    reader.dimensions(), root.loc()));
            throw fail(problems);
        }
        return new LoadedModel(read.name(), read.spec(), read.durationMs(), fileName, warnings(read, root));
    }

    /**
     * What NEST accepts but is probably a mistake: a state recorder (multimeter) whose interval is
     * longer than the run records no sample at all.
     */
    private static List<Problem> warnings(NetworkReader.Read read, YNode root) {
        List<Problem> out = new ArrayList<>(read.warnings());
        NetworkSpec spec = read.spec();
        long steps = Math.round(read.durationMs() / spec.dt());
        Map<String, Loc> locations = new HashMap<>();
        for (int i = 0; i < spec.recorders().size(); i++) {
            if (!(spec.recorders().get(i) instanceof RecorderSpec.State st)
                    || steps >= Math.max(1, Math.round(st.interval() / spec.dt()))) {
                continue;
            }
            if (locations.isEmpty()) {
                index(root, "", locations);
            }
            String path = read.recorderPaths().getOrDefault(i, "record") + ".interval";
            out.add(Problem.at(EngineProblems.locate(path, locations, root.loc()), path, "the state recorder of "
                    + st.population() + " (" + String.join(", ", st.variables()) + ") samples every "
                    + Units.format(st.interval(), Dimension.TIME) + " but the run lasts "
                    + Units.format(read.durationMs(), Dimension.TIME) + ", so it records no samples"));
        }
        return out;
    }

    /**
     * A "missing field 'size'" next to an "unknown key 'sise' (did you mean 'size'?)" in the same
     * mapping: one typo, reported once, at the typo.
     */
    private static boolean isMisspelt(Problem missing, List<Problem> all) {
        if (missing.path() == null || !missing.message().startsWith("missing field '")) {
            return false;
        }
        String key = missing.message().substring("missing field '".length(), missing.message().indexOf('\'',
                "missing field '".length()));
        int dot = missing.path().lastIndexOf('.');
        String parent = dot < 0 ? "" : missing.path().substring(0, dot + 1);
        for (Problem p : all) {
            if (p.path() != null && p.path().startsWith(parent) && p.path().indexOf('.', parent.length()) < 0
                    && p.message().startsWith("unknown key '") && p.message().endsWith("(did you mean '" + key + "'?)")
                    && p.file().equals(missing.file())) {
                return true;
            }
        }
        return false;
    }

    private static ModelFileException fail(List<Problem> problems) {
        // Same problem reported twice (e.g. through 'like') is shown once; file order, overrides first.
        List<Problem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
        unique.removeIf(p -> isMisspelt(p, unique));
        unique.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return new ModelFileException(unique);
    }

    private static void index(YNode n, String path, Map<String, Loc> out) {
        out.putIfAbsent(path, n.loc());
        if (n instanceof YMap m) {
            for (YNode.Entry e : m.entries().values()) {
                index(e.value, Reader.join(path, e.key), out);
            }
        } else if (n instanceof YList l) {
            for (int i = 0; i < l.items.size(); i++) {
                index(l.items.get(i), Reader.index(path, i), out);
            }
        }
    }

    /** Folder of the model file, against which relative file names inside it resolve; null if none. */
    private static Path folder(String fileName) {
        try {
            Path parent = Path.of(fileName).getParent();
            return parent;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static String stem(String fileName) {
        String f = fileName;
        int slash = Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'));
        if (slash >= 0) {
            f = f.substring(slash + 1);
        }
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
