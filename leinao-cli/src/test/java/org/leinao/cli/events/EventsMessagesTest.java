package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.cli.Main;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;
import picocli.CommandLine;

/** Audit: error messages of the events commands name the option or file and what was expected. */
class EventsMessagesTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String error() {
        String e = err.toString().strip();
        assertThat(e).doesNotContain("\n").doesNotContain("Exception");
        return e;
    }

    private Path sample() throws Exception {
        Path f = dir.resolve("in.raw");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 2000; i++) {
            b.add(i * 50L, i % 64, (i / 64) % 48, i % 2);
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT3, new SensorSize(64, 48), null)) {
            w.write(b);
        }
        return f;
    }

    /** It named the hidden temporary file ({@code .x.npy.tmp-…: NoSuchFileException}). */
    @Test
    void convertIntoAMissingFolderSaysTheFolderIsMissing() throws Exception {
        Path o = dir.resolve("nodir").resolve("x.npy");
        assertThat(run("events", "convert", sample().toString(), o.toString())).isEqualTo(2);
        assertThat(error()).isEqualTo("leinao: " + o + ": folder " + dir.resolve("nodir")
                + " does not exist; create it first or choose another output");
    }
}
