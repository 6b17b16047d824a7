package org.leinao.io.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A model file (or one of its overrides) is invalid. Carries every problem found, each with its
 * file, line, column and field path; {@link #getMessage()} prints one problem per line. This is a
 * user mistake: print the message, not the stack trace.
 */
public final class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the exception from at least one problem. */
    public ModelFileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
