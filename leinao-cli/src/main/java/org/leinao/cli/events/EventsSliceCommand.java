package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leinao.cli.UserException;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.transform.Slicer;
import org.leinao.events.transform.TimeShift;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code leinao events slice FILE --out DIR (--window T | --count N | --slices N)}. */
@Command(name = "slice", mixinStandardHelpOptions = true,
        description = "Cut a recording into slices by time window (with overlap), event count or into N equal-time slices.")
final class EventsSliceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EventFileToFolder io;

    @ArgGroup(exclusive = true, multiplicity = "1")
    How how;

    static final class How {
        @Option(names = "--window", paramLabel = "T", description = "time per slice, e.g. 50ms")
        String window;

        @Option(names = "--count", paramLabel = "N", description = "events per slice")
        Integer count;

        @Option(names = "--slices", paramLabel = "N", description = "number of equal-duration slices")
        Integer slices;
    }

    @Option(names = "--overlap", paramLabel = "X",
            description = "overlap of consecutive slices (default: none): with --window a duration (e.g. 10ms: slices"
                    + " start window - overlap apart), with --count a number of events (slices start count - overlap"
                    + " events apart), with --slices a fraction in [0, 1) (each slice lasts (1 + overlap) x duration"
                    + " / N, Tonic's SliceByTimeBins)")
    String overlap;

    @Option(names = "--include-incomplete", description = "with --window or --count: keep the last, shorter slice (Tonic's"
            + " include_incomplete)")
    boolean incomplete;

    @Option(names = "--to", paramLabel = "FORMAT", description = "output format (default: npy)")
    String to;

    @Option(names = "--time-shift", paramLabel = "first|T",
            description = "subtract a time from every event before slicing: 'first' (the recording's earliest event"
                    + " moves to 0, every slice keeps its place) or T with a unit (e.g. 10ms, 1605537493718345us); as convert's --time-shift")
    String timeShift;

    @Override
    public Integer call() {
        io.checkPaths();
        Path file = io.file;
        Path out = io.out;
        if (how.slices != null && (how.slices <= 0 || how.slices > Slicer.MAX_SLICES)) {
            // checked before the file is read: the ranges of 2,000,000,000 slices do not fit in memory
            throw new UserException("--slices " + how.slices + ": expected 1.." + Slicer.MAX_SLICES
                    + " (one output file per slice)");
        }
        TimeShift shift = EventsCli.timeShift(timeShift);
        // Durations are checked before the file is read: a missing unit should not wait for a big file.
        long windowUs = how.window == null ? 0 : EventsCli.micros("--window", how.window);
        long overlapUs = how.window == null || overlap == null ? 0 : EventsCli.micros("--overlap", overlap);
        EventFormat target = EventsCli.format(to == null ? "npy" : to);
        if (!target.writable()) {
            throw new UserException("writing " + target.title() + " is not supported");
        }
        try {
            EventRecording read = io.readAll();
            // Shifting before slicing gives the slices of 'convert --time-shift' followed by 'slice'.
            EventRecording rec = shift == null ? read : shift.apply(read);
            List<int[]> ranges;
            String option = how.window != null ? "--window " + how.window
                    : how.count != null ? "--count " + how.count : "--slices " + how.slices;
            try {
                if (how.window != null) {
                    ranges = Slicer.byTime(rec.events(), windowUs, overlapUs, incomplete);
                } else if (how.count != null) {
                    ranges = Slicer.byCount(rec.events(), how.count, overlap == null ? 0 : Integer.parseInt(overlap.strip()),
                            incomplete);
                } else {
                    ranges = Slicer.intoTimeBins(rec.events(), how.slices, overlap == null ? 0 : Double.parseDouble(overlap));
                }
            } catch (NumberFormatException e) {
                throw new UserException("--overlap " + overlap + ": expected " + (how.count != null
                        ? "a whole number of events with --count, e.g. --overlap 100" : "a fraction in [0, 1) with --slices,"
                        + " e.g. --overlap 0.25"));
            } catch (IllegalArgumentException e) {
                throw new UserException(option + ": " + e.getMessage());
            }
            SensorSize s = rec.sensor();
            // Slices go into a hidden sibling folder renamed to DIR when all are written: a failure (a
            // format that cannot hold the events, Ctrl-C) leaves neither DIR nor a partial slice.
            try (StagedOutput staged = StagedOutput.folder(out, "--out")) {
                for (int i = 0; i < ranges.size(); i++) {
                    Path f = staged.path().resolve(String.format("slice-%05d.%s", i, target.extension()));
                    try (EventWriter w = EventFiles.create(f, target, s, Aedat4Compression.LZ4)) {
                        w.write(Slicer.extract(rec, ranges.get(i)).events());
                    }
                }
                staged.publish(false);
            }
            spec.commandLine().getOut().printf("wrote %d slices (%s) to %s%n", ranges.size(), target.title(), out);
        } catch (IOException e) {
            throw EventsCli.fail(e);
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
        return 0;
    }
}
