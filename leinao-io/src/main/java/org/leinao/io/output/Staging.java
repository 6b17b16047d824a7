package org.leinao.io.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * What writing an output under a hidden temporary name and publishing it by a rename needs (run
 * folders here, the event commands' files and folders in the CLI): a fresh temporary folder, a
 * best-effort delete, and a shutdown hook that deletes the temporary output on Ctrl-C.
 */
public final class Staging {

    private Staging() {
    }

    /**
     * A new folder named {@code prefix} + a random suffix. Not {@code Files.createTempDirectory}: that
     * makes the folder private (mode 0700), and the published folder would stay unreadable to
     * others; a plain {@code createDirectory} takes the user's umask, as {@code mkdir} does.
     */
    public static Path freshFolder(Path parent, String prefix) throws IOException {
        SplittableRandom r = new SplittableRandom();
        while (true) {
            Path p = parent.resolve(prefix + Long.toUnsignedString(r.nextLong(), 36));
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                // taken: draw another name
            }
        }
    }

    /** A random suffix for a temporary file name. */
    public static String suffix() {
        return Long.toUnsignedString(new SplittableRandom().nextLong(), 36);
    }

    private static volatile boolean shuttingDown;
    /** The hooks registered for each clean-up given to {@link #addShutdownHook}. */
    private static final java.util.Map<Thread, Thread> HOOKS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * True once a hook registered here runs (Ctrl-C, {@code kill}, or exit): a command whose output
     * was just deleted under it then fails, and that failure is not the user's to read.
     */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    /** Registers {@code t} to run at JVM exit; false when the JVM is already shutting down. */
    public static boolean addShutdownHook(Thread t) {
        try {
            Thread hook = Thread.ofPlatform().unstarted(() -> {
                shuttingDown = true;
                t.run();
            });
            HOOKS.put(t, hook);
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            HOOKS.remove(t);
            return false;
        }
    }

    /** Unregisters a clean-up given to {@link #addShutdownHook} (nothing if the JVM is shutting down). */
    public static void removeShutdownHook(Thread t) {
        Thread hook = HOOKS.remove(t);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway and finds nothing left to delete
            }
        }
    }

    /**
     * Deletes a file or folder tree, ignoring errors (clean-up only: a leftover is hidden, named
     * {@code .tmp-}, and never looks like a finished output).
     */
    public static void deleteQuietly(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path doomed = root;
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            // A shutdown hook deletes while the command's thread still writes: a file it added after the
            // walk kept the folder (Ctrl-C on 'events slice' left .DIR.tmp-... with slices). Renamed
            // aside, the folder gets no new file: the writer's next one fails, as its path is gone.
            Path aside = root.resolveSibling(root.getFileName() + ".del");
            try {
                doomed = Files.move(root, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UnsupportedOperationException e) {
                // deleted where it is, as before
            }
        }
        try (Stream<Path> walk = Files.walk(doomed)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
