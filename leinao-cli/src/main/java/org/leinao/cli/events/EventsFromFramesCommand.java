package org.leinao.cli.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leinao.cli.UserException;
import org.leinao.events.EventBatch;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;
import org.leinao.events.format.aedat.Aedat4Compression;
import org.leinao.events.synth.ContrastModel;
import org.leinao.events.synth.FrameSequence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao events from-frames DIR --threshold 0.2 --out FILE}: synthetic events from PNG frames. */
@Command(name = "from-frames", mixinStandardHelpOptions = true,
        description = {"Synthesise events from grey-scale PNG frames with the log-intensity contrast model.",
                "Frames are the folder's *.png in name order; times come from timestamps.txt (one integer µs per"
                        + " line) or from --fps."})
final class EventsFromFramesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "folder of PNG frames")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output event file (format from extension or --to)")
    Path out;

    @Option(names = "--to", paramLabel = "FORMAT", description = "output format (default: from OUT's extension)")
    String to;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "0.2", description = "ON and OFF log-intensity threshold (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--on-threshold", paramLabel = "X", description = "ON threshold, overrides --threshold")
    Double on;

    @Option(names = "--off-threshold", paramLabel = "X", description = "OFF threshold, overrides --threshold")
    Double off;

    @Option(names = "--refractory", paramLabel = "T", defaultValue = "0ms", description = "refractory period per pixel, e.g. 1ms (default: ${DEFAULT-VALUE})")
    String refractory;

    @Option(names = "--noise-rate", paramLabel = "HZ", defaultValue = "0", description = "shot-noise events per pixel per second (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "30", description = "frame rate when there is no timestamps.txt (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "noise seed (default: ${DEFAULT-VALUE})")
    long seed;

    private static void positive(String option, double v, String expected) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UserException(option + " " + v + ": expected " + expected);
        }
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": not a folder");
        }
        EventFormat target = to != null ? EventsCli.format(to) : EventFormat.byExtension(out.getFileName().toString());
        if (target == null || !target.writable()) {
            throw new UserException(out + ": cannot tell a writable output format; use --to");
        }
        long refractoryUs = EventsCli.micros("--refractory", refractory);
        // Each option checked by name (ContrastModel's own checks name its Java parameters).
        positive("--threshold", threshold, "a log-intensity step > 0, e.g. 0.2");
        if (on != null) {
            positive("--on-threshold", on, "a log-intensity step > 0, e.g. 0.2");
        }
        if (off != null) {
            positive("--off-threshold", off, "a log-intensity step > 0, e.g. 0.2");
        }
        positive("--fps", fps, "frames per second > 0, e.g. 30");
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new UserException("--noise-rate " + noise + ": expected events per pixel per second >= 0, e.g. 0.1");
        }
        long n = 0;
        try {
            FrameSequence frames = FrameSequence.open(dir, fps);
            ContrastModel model = new ContrastModel(frames.sensor(), on != null ? on : threshold,
                    off != null ? off : threshold, refractoryUs, noise, seed);
            // As convert: written to a hidden sibling, renamed when complete (a corrupt frame leaves no partial file).
            try (StagedOutput staged = StagedOutput.file(out)) {
                try (EventWriter w = EventFiles.create(staged.path(), target, frames.sensor(), Aedat4Compression.LZ4)) {
                    EventBatch b = new EventBatch(1 << 16);
                    for (int i = 0; i < frames.size(); i++) {
                        b.clear();
                        model.frame(frames.intensity(i), frames.time(i), b);
                        w.write(b);
                        n += b.size();
                    }
                }
                staged.publish(true);
            }
            spec.commandLine().getOut().printf("wrote %d events from %d frames (%s) to %s%n", n, frames.size(),
                    frames.sensor(), out);
        } catch (IOException e) {
            throw EventsCli.fail(e);
        } catch (IllegalArgumentException e) {
            throw new UserException(out + ": cannot write as " + target.title() + ": " + e.getMessage());
        }
        return 0;
    }
}
