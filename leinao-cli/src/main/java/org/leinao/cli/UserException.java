package org.leinao.cli;

/** A mistake of the user (bad file, bad option): printed as one line, exit code 2, no stack trace. */
public final class UserException extends RuntimeException {
    /** Creates the exception with the message shown to the user. */
    public UserException(String message) {
        super(message, null, false, false);
    }
}
