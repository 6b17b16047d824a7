package org.leinao.io.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helper shared by the model-file tests: the problems a load raises, as printed, and text edits. */
public final class ModelProblems {
    private ModelProblems() {
    }

    /** The problems of a {@link ModelFileException} that {@code load} must throw, one string each. */
    public static List<String> of(ThrowingCallable load) {
        ModelFileException e = catchThrowableOfType(ModelFileException.class, load);
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    /** {@code base} with {@code from} (which must occur) replaced by {@code to}. */
    public static String edit(String base, String from, String to) {
        assertThat(base).contains(from);
        return base.replace(from, to);
    }
}
