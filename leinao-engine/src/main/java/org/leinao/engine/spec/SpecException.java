package org.leinao.engine.spec;

import java.util.List;

/** A network specification is invalid; carries every problem found, not just the first. */
public final class SpecException extends IllegalArgumentException {
    private final List<String> problems;

    /** Creates the exception from the list of problems. */
    public SpecException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one message each, naming the population/projection and field. */
    public List<String> problems() {
        return problems;
    }
}
