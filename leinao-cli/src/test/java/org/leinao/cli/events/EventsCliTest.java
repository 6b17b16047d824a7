package org.leinao.cli.events;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.cli.Main;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;

/** What the events command tests share: a folder, the CLI run in-process with its output captured, a small input file. */
abstract class EventsCliTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code leinao ARGS} and returns its exit code; output lands in {@link #out} and {@link #err}. */
    int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /**
     * {@code in.raw}: 2,000 events 50 µs apart on a 64x48 sensor as EVT 3.0, event i at (i mod 64,
     * (i / 64) mod 48) with polarity {@code polarity(i)}.
     */
    Path sample(IntUnaryOperator polarity) throws Exception {
        Path f = dir.resolve("in.raw");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 2000; i++) {
            b.add(i * 50L, i % 64, (i / 64) % 48, polarity.applyAsInt(i));
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT3, new SensorSize(64, 48), null)) {
            w.write(b);
        }
        return f;
    }
}
