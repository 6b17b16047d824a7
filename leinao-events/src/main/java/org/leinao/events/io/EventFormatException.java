package org.leinao.events.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that does not follow its format: truncated, wrong magic, corrupt lengths, unsupported
 * options or events outside the declared sensor. The message is one line naming the file, the byte
 * offset where the problem was found and what was expected there.
 */
public final class EventFormatException extends IOException {

    private final transient Path file;
    private final long offset;
    private final String problem;

    /**
     * @param file    the file being read or written (may be null for in-memory data)
     * @param offset  byte offset of the problem in the file, or -1 when it has no position
     * @param problem what was found and what was expected instead
     */
    public EventFormatException(Path file, long offset, String problem) {
        super((file == null ? "<memory>" : file.toString())
                + (offset >= 0 ? ": at byte " + offset : "") + ": " + problem);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** The file, or null. */
    public Path file() {
        return file;
    }

    /** Byte offset of the problem, or -1. */
    public long offset() {
        return offset;
    }

    /** The problem without file and offset. */
    public String problem() {
        return problem;
    }
}
