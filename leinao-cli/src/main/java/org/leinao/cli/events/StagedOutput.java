package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.leinao.cli.UserException;
import org.leinao.io.output.Staging;

/**
 * An output file or folder written under a hidden temporary sibling ({@code .NAME.tmp-<random>}) and
 * renamed to its name only when complete, so that a failed or interrupted command never leaves a
 * partial output that looks finished (the same scheme as the run folders of {@code RunWriter}).
 * Until {@link #publish} succeeds, {@link #close} and a JVM shutdown hook (Ctrl-C) delete the
 * temporary path.
 */
final class StagedOutput implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final boolean folder;
    private final Thread cleanup;
    private final boolean hooked;
    private boolean published;

    private StagedOutput(Path target, Path tmp, boolean folder) {
        this.target = target;
        this.tmp = tmp;
        this.folder = folder;
        this.cleanup = new Thread(() -> Staging.deleteQuietly(tmp), "leinao-events-output-cleanup");
        this.hooked = Staging.addShutdownHook(cleanup);
    }

    /**
     * Stages a file: the caller writes {@link #path()} (not yet created). Fails with a user error naming
     * {@code target} when its folder does not exist, rather than naming the temporary file.
     */
    static StagedOutput file(Path target) {
        Path parent = parentOf(target);
        return new StagedOutput(target, parent.resolve("." + target.getFileName() + ".tmp-" + Staging.suffix()), false);
    }

    /**
     * Stages a folder: {@link #path()} is a new, empty folder. A missing parent folder is created, as
     * {@code --out DIR} always did; the published folder takes the user's umask as {@code mkdir} does.
     */
    static StagedOutput folder(Path target, String option) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new UserException(option + " " + target + ": " + parent + " exists and is not a folder");
        }
        return new StagedOutput(target, Staging.freshFolder(parent, "." + abs.getFileName() + ".tmp-"), true);
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().normalize().getParent();
        if (!Files.isDirectory(parent)) {
            throw new UserException(target + ": " + (Files.exists(parent) ? "" + parent + " is not a folder"
                    : "folder " + parent + " does not exist") + "; create it first or choose another output");
        }
        return parent;
    }

    /** Where to write until {@link #publish}. */
    Path path() {
        return tmp;
    }

    /**
     * Renames the finished output to its name. An existing file is replaced only when {@code replace};
     * an existing folder only when it is empty (outputs never mix with other files).
     */
    void publish(boolean replace) throws IOException {
        if (folder && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!isEmpty(target)) {
                throw new UserException(target + ": files appeared in the folder while writing; output left unpublished");
            }
            Files.delete(target);
        } else if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException(target + ": appeared while writing; output left unpublished");
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        published = true;
    }

    /** Deletes the temporary output unless it was published. */
    @Override
    public void close() {
        if (!published) {
            Staging.deleteQuietly(tmp);
        }
        if (hooked) {
            Staging.removeShutdownHook(cleanup);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }
}
