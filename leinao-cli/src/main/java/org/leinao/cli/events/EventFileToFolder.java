package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Path;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventReader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments shared by the commands that turn one event file into a folder of outputs
 * ({@code render}, {@code slice}): the file, {@code --out} and {@code --sensor}, with their checks
 * and the bounded in-memory read.
 */
final class EventFileToFolder {
    @Parameters(paramLabel = "FILE", description = "event file")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--sensor", paramLabel = "WxH", description = "sensor size when the file declares none")
    String sensor;

    @Option(names = "--from", paramLabel = "FORMAT", description = EventsCli.FROM_HELP)
    String from;

    /** Fails unless FILE is a readable file and DIR is absent or an empty folder. */
    void checkPaths() {
        EventsCli.requireFile(file);
        EventsCli.requireFreshFolder(out);
    }

    /** Reads the whole file (at most {@link EventsCli#MAX_IN_MEMORY} events). */
    EventRecording readAll() throws IOException {
        SensorSize given = EventsCli.sensor(sensor);
        try (EventReader r = EventsCli.open(file, from, given)) {
            EventsCli.checkSensor(file, r, given);
            return r.readAll(EventsCli.MAX_IN_MEMORY);
        }
    }
}
