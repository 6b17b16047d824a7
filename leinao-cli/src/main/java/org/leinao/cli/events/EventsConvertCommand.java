package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leinao.cli.UserException;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.transform.TimeShift;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao events convert IN OUT [--to FORMAT]}: streams events from one format to another. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert an event file to another format, streaming in bounded memory.")
final class EventsConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "input event file")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "output file")
    Path out;

    @picocli.CommandLine.Option(names = "--overwrite", description = "replace OUT if it exists")
    boolean overwrite;

    @Option(names = "--to", paramLabel = "FORMAT",
            description = "output format: aedat2, aedat4, dat, evt2, evt3, nmnist, npy (default: from OUT's extension)")
    String to;

    @Option(names = "--from", paramLabel = "FORMAT", description = EventsCli.FROM_HELP)
    String from;

    @Option(names = "--sensor", paramLabel = "WxH", description = "sensor size when the input declares none")
    String sensor;

    @Option(names = "--compression", paramLabel = "C", defaultValue = "lz4",
            description = "AEDAT 4.0 packet compression: none, lz4, lz4_high, zstd, zstd_high (default: ${DEFAULT-VALUE})")
    String compression;

    @Option(names = "--time-shift", paramLabel = "first|T",
            description = "subtract a time from every event before writing: 'first' (the first event's, so the"
                    + " output starts at 0; Tonic's TimeAlignment, Metavision's time_shift) or T with a unit (e.g. 10ms,"
                    + " 1605537493718345us);"
                    + " needed to write camera-clock times (AEDAT 4.0) to dat, evt2, evt3, aedat2, nmnist")
    String timeShift;

    @Override
    public Integer call() {
        EventsCli.requireFile(in);
        EventFormat target = to != null ? EventsCli.format(to) : EventFormat.byExtension(out.getFileName().toString());
        if (target == null) {
            throw new UserException(out + ": cannot tell the output format from the extension; use --to");
        }
        if (!target.writable()) {
            throw new UserException("writing " + target.title() + " is not supported");
        }
        Aedat4Compression c;
        try {
            c = Aedat4Compression.parse(compression);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        SensorSize given = EventsCli.sensor(sensor);
        TimeShift shift = EventsCli.timeShift(timeShift);
        if (java.nio.file.Files.exists(out)) {
            try {
                if (java.nio.file.Files.isSameFile(in, out)) {
                    throw new UserException(out + ": is the input file; choose another output file");
                }
            } catch (IOException e) {
                throw EventsCli.fail(e);
            }
            if (!overwrite) {
                throw new UserException(out + ": already exists; choose another file or replace it with --overwrite");
            }
        }
        // Written to a temporary sibling and renamed only when complete: a failure (or Ctrl-C) leaves no
        // partial file.
        long n = 0;
        try (StagedOutput staged = StagedOutput.file(out);
                EventReader r = EventsCli.open(in, from, given)) {
            EventsCli.checkSensor(in, r, given);
            SensorSize s = r.sensor().isKnown() ? r.sensor() : given != null ? given : SensorSize.UNKNOWN;
            long[] firstTime = {Long.MIN_VALUE};
            EventWriter plain = EventFiles.create(staged.path(), target, s, c);
            try (EventWriter w = shift == null ? plain : shift.wrap(plain)) {
                n = r.forEachBatch(b -> {
                    if (firstTime[0] == Long.MIN_VALUE) {
                        firstTime[0] = b.t()[0];
                    }
                    w.write(b);
                });
            }
            staged.publish(overwrite);
            if (!s.isKnown() && (target == EventFormat.EVT2 || target == EventFormat.EVT3)) {
                // our readers take such a file, Metavision's do not: its header has no geometry
                spec.commandLine().getErr().println("leinao: warning: " + out + " declares no sensor size ("
                        + in + " has none); Metavision opens a RAW file only with one: give --sensor WxH");
            }
            spec.commandLine().getOut().printf("wrote %d events from %s (%s) to %s (%s)%s%n", n, in, r.format().title(),
                    out, target.title(), shift == null || n == 0 ? ""
                            : ", times shifted by " + -shift.offset(firstTime[0]) + " µs");
        } catch (IOException e) {
            throw EventsCli.fail(e);
        } catch (IllegalArgumentException e) {
            throw new UserException(in + ": cannot write as " + target.title() + ": " + e.getMessage());
        }
        return 0;
    }
}
