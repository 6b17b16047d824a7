package org.leinao.io.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leinao.engine.record.Result;
import org.leinao.engine.record.SpikeTrains;
import org.leinao.engine.record.StateTrace;

/**
 * Writes a run folder (layout in {@code docs/outputs.md}) atomically: everything goes into a hidden
 * sibling {@code .DIR.tmp-<random>} which is renamed to {@code DIR} only when every file is
 * complete, so a failed or killed run never leaves a folder that looks finished. On failure (or
 * JVM shutdown, e.g. Ctrl-C, while writing) the temporary folder is deleted.
 *
 * <p>An existing {@code DIR} is an error unless it is an empty directory or {@code overwrite} is
 * set; with {@code overwrite} the old folder is moved aside and deleted only after the new one is
 * in place.
 */
public final class RunWriter {

    /**
     * Writes more files (e.g. plots) into the folder before it is published; returns their names.
     * The CLI uses it so plots are part of the atomic folder:
     * {@code RunWriter.write(r, info, out, formats, overwrite, dir -> RunPlots.writeAll(SavedRun.of(r, name), dir, svg))}.
     */
    @FunctionalInterface
    public interface ExtraFiles {
        /** Writes into {@code folder} (the temporary folder) and returns the file names written. */
        List<String> write(Path folder) throws IOException;
    }

    /** Called after each file is complete; tests use it to inject failures. */
    @FunctionalInterface
    interface FileHook {
        void written(String fileName) throws IOException;
    }

    private RunWriter() {
    }

    /** Writes the run folder; fails if {@code outDir} exists and is not empty. */
    public static WrittenRun write(Result result, RunInfo info, Path outDir, Set<Format> formats)
            throws IOException {
        return write(result, info, outDir, formats, false);
    }

    /** Writes the run folder, replacing an existing one when {@code overwrite} is true. */
    public static WrittenRun write(Result result, RunInfo info, Path outDir, Set<Format> formats, boolean overwrite)
            throws IOException {
        return write(result, info, outDir, formats, overwrite, folder -> List.of(), name -> { });
    }

    /**
     * Writes the run folder and, before publishing it, the {@code extra} files (plots); replaces an
     * existing folder when {@code overwrite} is true.
     */
    public static WrittenRun write(Result result, RunInfo info, Path outDir, Set<Format> formats, boolean overwrite,
            ExtraFiles extra) throws IOException {
        return write(result, info, outDir, formats, overwrite, extra, name -> { });
    }

    /**
     * Fails with a one-line message if {@code outDir} could not receive a run: it exists and is
     * not an empty directory (unless {@code overwrite}), or it is a file. Call it before a long
     * simulation so the user learns early.
     */
    public static void checkTarget(Path outDir, boolean overwrite) throws RunFolderException {
        if (outDir.toString().isBlank()) {
            throw new RunFolderException("output folder: expected a folder name, got an empty string");
        }
        Path dir = outDir.toAbsolutePath().normalize();
        if (dir.getParent() == null) {
            throw new RunFolderException(outDir + ": cannot write a run into the root folder");
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (cwd.startsWith(dir)) {
            throw new RunFolderException(outDir + ": is the current folder or one of its parents; choose a new"
                    + " folder for the run");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            // The folder is created after the run: find now an ancestor that cannot hold it.
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    if (!Files.isDirectory(p)) {
                        throw new RunFolderException(outDir + ": cannot create the output folder, " + p
                                + " is a file, not a folder");
                    }
                    if (!Files.isWritable(p)) {
                        throw new RunFolderException(outDir + ": cannot create the output folder, " + p
                                + " is not writable");
                    }
                    break;
                }
            }
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new RunFolderException(outDir + ": exists and is not a folder; choose another output folder");
        }
        if (isEmptyDir(dir)) {
            return;
        }
        if (!overwrite) {
            throw new RunFolderException(outDir + ": output folder already exists; choose another folder or"
                    + " replace it with --overwrite");
        }
        // Overwriting deletes the folder: only ever do that to an earlier run's folder.
        if (!isRunFolder(dir)) {
            throw new RunFolderException(outDir + ": exists and is not a Leinao run folder (no summary.json of a"
                    + " run); refusing to overwrite it");
        }
    }

    private static boolean isRunFolder(Path dir) {
        Path summary = dir.resolve("summary.json");
        try {
            return Files.isRegularFile(summary, LinkOption.NOFOLLOW_LINKS) && Files.size(summary) < 64 << 20
                    && Files.readString(summary).contains("\"leinao-run\"");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static WrittenRun write(Result result, RunInfo info, Path outDir, Set<Format> formats, boolean overwrite,
            ExtraFiles extra, FileHook hook) throws IOException {
        long t0 = System.nanoTime();
        Set<Format> fmt = formats.isEmpty() ? EnumSet.noneOf(Format.class) : EnumSet.copyOf(formats);
        Path dir = outDir.toAbsolutePath().normalize();
        checkTarget(outDir, overwrite);
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        String base = dir.getFileName().toString();
        Path tmp = Staging.freshFolder(parent, "." + base + ".tmp-");
        Thread cleanup = new Thread(() -> Staging.deleteQuietly(tmp), "leinao-output-cleanup");
        boolean hooked = Staging.addShutdownHook(cleanup);
        try {
            List<String> files = new ArrayList<>();
            writeFiles(result, fmt, tmp, files, hook);
            RateTable rates = RateTable.of(result);
            Csv.writeRates(tmp.resolve("rates.csv"), rates);
            done(files, "rates.csv", hook);
            for (String name : extra.write(tmp)) {
                done(files, name, hook);
            }
            files.add("summary.json");
            double writeSeconds = (System.nanoTime() - t0) * 1e-9;
            ObjectNode summary = Summary.build(result, info, rates, writeSeconds, files);
            Summary.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("summary.json").toFile(), summary);
            hook.written("summary.json");
            publish(tmp, dir, overwrite);
            return new WrittenRun(dir, files, writeSeconds, summary);
        } catch (IOException | RuntimeException | Error e) {
            Staging.deleteQuietly(tmp);
            throw e;
        } finally {
            if (hooked) {
                Staging.removeShutdownHook(cleanup);
            }
        }
    }

    private static void writeFiles(Result r, Set<Format> fmt, Path tmp, List<String> files, FileHook hook)
            throws IOException {
        Map<String, SpikeTrains> spikes = r.spikes();
        if (!spikes.isEmpty()) {
            Sonata.writeSpikes(tmp.resolve("spikes.h5"), spikes);
            done(files, "spikes.h5", hook);
        }
        for (Map.Entry<String, List<StateTrace>> e : Summary.byVariable(r).entrySet()) {
            String name = "state_" + safe(e.getKey()) + ".h5";
            Sonata.writeReport(tmp.resolve(name), e.getKey(), e.getValue());
            done(files, name, hook);
        }
        if (fmt.contains(Format.CSV)) {
            writeTables(r, ".csv", Csv::writeSpikes, Csv::writeState, tmp, files, hook);
        }
        if (fmt.contains(Format.NPY)) {
            writeTables(r, ".npy", Npy::writeSpikes, Npy::writeMatrix, tmp, files, hook);
        }
    }

    /** Writes {@code data} to {@code file} in one of the per-population formats. */
    @FunctionalInterface
    private interface TableWriter<T> {
        void write(Path file, T data) throws IOException;
    }

    /** One {@code spikes_<pop>EXT} per spike train and one {@code state_<pop>_<var>EXT} per state trace. */
    private static void writeTables(Result r, String ext, TableWriter<SpikeTrains> spikes,
            TableWriter<StateTrace> states, Path tmp, List<String> files, FileHook hook) throws IOException {
        for (SpikeTrains s : r.spikes().values()) {
            String name = "spikes_" + safe(s.population()) + ext;
            spikes.write(tmp.resolve(name), s);
            done(files, name, hook);
        }
        for (StateTrace s : r.states().values()) {
            String name = "state_" + safe(s.population()) + "_" + safe(s.variable()) + ext;
            states.write(tmp.resolve(name), s);
            done(files, name, hook);
        }
    }

    private static void done(List<String> files, String name, FileHook hook) throws IOException {
        files.add(name);
        hook.written(name);
    }

    /** Renames the finished temporary folder to {@code dir}. */
    private static void publish(Path tmp, Path dir, boolean overwrite) throws IOException {
        Path old = null;
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || (!overwrite && !isEmptyDir(dir))) {
                throw new RunFolderException(dir + ": appeared while the run was being written; results left"
                        + " unpublished");
            }
            old = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".old-");
            Files.delete(old);
            move(dir, old);
        }
        try {
            move(tmp, dir);
        } catch (IOException e) {
            if (old != null) {
                move(old, dir);
            }
            throw e;
        }
        if (old != null) {
            Staging.deleteQuietly(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        } catch (FileAlreadyExistsException e) {
            throw new RunFolderException(to + ": already exists; choose another output folder", e);
        }
    }

    /** A population or variable name made safe for a file name (anything else becomes '_'). */
    static String safe(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' ? c : '_');
        }
        return b.toString();
    }

    private static boolean isEmptyDir(Path dir) throws RunFolderException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new RunFolderException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

}
