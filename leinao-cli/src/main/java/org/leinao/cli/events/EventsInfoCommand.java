package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leinao.events.EventStats;
import org.leinao.events.format.EventReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao events info FILE}: format, sensor, count, duration, rate, polarity balance, streams. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Summarise event files in one streaming pass (any size, small heap).")
final class EventsInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "event files (format detected from content)")
    Path[] files;

    @Option(names = "--from", paramLabel = "FORMAT", description = EventsCli.FROM_HELP)
    String from;

    @Override
    public Integer call() {
        for (Path f : files) {
            EventsCli.requireFile(f);
            try {
                EventStats stats;
                try (EventReader r = EventsCli.open(f, from, null)) {
                    stats = EventStats.of(r);
                    if (r instanceof org.leinao.events.format.aedat.Aedat4Reader a) {
                        try {
                            a.checkDataTable();
                        } catch (org.leinao.events.io.EventFormatException e) {
                            spec.commandLine().getErr().println("leinao: warning: " + e.getMessage()
                                    + "; every event was read, but seeking by time would fail");
                        }
                    }
                }
                spec.commandLine().getOut().print(stats.report(f));
            } catch (IOException e) {
                throw EventsCli.fail(e);
            }
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
