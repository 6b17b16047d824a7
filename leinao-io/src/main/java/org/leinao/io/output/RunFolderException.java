package org.leinao.io.output;

import java.io.IOException;

/**
 * A run folder that cannot be written or read: it already exists, is missing, or holds a file that
 * is not what Leinao wrote. The message is one line meant for the user, naming the path.
 */
public final class RunFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem without an underlying cause. */
    public RunFolderException(String message) {
        super(message);
    }

    /** A problem caused by another exception. */
    public RunFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
