package org.leinao.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared real recordings ({@code shared/data/events}) next to the project. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixture directory, or null when {@code shared/} is not next to the project. */
    public static Path dir() {
        for (String candidate : new String[] {"../../shared/data/events", "../shared/data/events",
                "../../../shared/data/events"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** The named fixture; skips the calling test (with a message) when it is not there. */
    public static Path file(String name) {
        Path d = dir();
        assumeTrue(d != null, "shared/data/events not found next to the project; skipping fixture test");
        Path f = d.resolve(name);
        assumeTrue(Files.isRegularFile(f), "fixture " + f + " missing; skipping");
        return f;
    }
}
