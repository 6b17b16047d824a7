package org.leinao.cli.events;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.leinao.cli.UserException;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.represent.Frames;
import org.leinao.events.represent.Render;
import org.leinao.events.transform.Slicer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code leinao events render FILE --out DIR [--window 10ms]}: PNG frames plus an animated GIF. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render events as PNG frames (ON green, OFF red) and an animated GIF.")
final class EventsRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EventFileToFolder io;

    @Option(names = "--window", paramLabel = "T", defaultValue = "10ms", description = "time per frame (default: ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--max-frames", paramLabel = "N", defaultValue = "1000", description = "stop after this many frames (default: ${DEFAULT-VALUE})")
    int maxFrames;

    @Option(names = "--saturate", paramLabel = "N", defaultValue = "3", description = "events per pixel drawn at full brightness (default: ${DEFAULT-VALUE})")
    int saturate;

    @Override
    public Integer call() {
        io.checkPaths();
        Path file = io.file;
        Path out = io.out;
        long w = EventsCli.micros("--window", window);
        if (w <= 0) {
            throw new UserException("--window " + window + ": expected a duration > 0, e.g. 10ms");
        }
        if (maxFrames <= 0) {
            throw new UserException("--max-frames " + maxFrames + ": expected at least 1 frame");
        }
        if (saturate <= 0) {
            throw new UserException("--saturate " + saturate + ": expected at least 1 (events per pixel drawn at full"
                    + " brightness)");
        }
        try {
            EventRecording rec = io.readAll();
            if (!rec.sensor().isKnown()) {
                int mx = 0;
                int my = 0;
                for (int i = 0; i < rec.size(); i++) {
                    mx = Math.max(mx, rec.events().x()[i]);
                    my = Math.max(my, rec.events().y()[i]);
                }
                rec = new EventRecording(new SensorSize(mx + 1, my + 1), rec.events());
                spec.commandLine().getErr().println("leinao: " + file + " declares no sensor size; using " + rec.sensor()
                        + " from the events (give --sensor to override)");
            }
            if (rec.size() == 0) {
                throw new UserException(file + ": no events to render");
            }
            long t0 = rec.events().t()[0];
            long windows = (rec.events().t()[rec.size() - 1] - t0) / w + 1;
            if (windows > maxFrames) {
                // Build only the frames that are written: all of them could take gigabytes.
                long limit = t0 + (long) maxFrames * w;
                int cut = 0;
                while (cut < rec.size() && rec.events().t()[cut] < limit) {
                    cut++;
                }
                rec = Slicer.extract(rec, new int[] {0, cut});
                spec.commandLine().getErr().println("leinao: rendering at most the first " + maxFrames + " of " + windows
                        + " windows of " + window + " (raise --max-frames for more)");
            }
            Frames frames;
            try {
                frames = Frames.byTime(rec, w, 0, true);
            } catch (IllegalArgumentException e) {
                throw new UserException(file + ": " + e.getMessage() + "; use a longer --window or fewer --max-frames");
            }
            int n = Math.min(frames.frames(), maxFrames);
            // As slice: the frames appear in DIR only when all are written (nothing half-written on failure).
            try (StagedOutput staged = StagedOutput.folder(out, "--out")) {
                List<BufferedImage> images = new ArrayList<>(n);
                for (int f = 0; f < n; f++) {
                    BufferedImage img = Render.image(frames, f, saturate);
                    ImageIO.write(img, "png", staged.path().resolve(String.format("frame-%05d.png", f)).toFile());
                    images.add(img);
                }
                Render.gif(images, (int) Math.max(20, Math.min(1000, w / 1000)), staged.path().resolve("events.gif"));
                staged.publish(false);
            }
            spec.commandLine().getOut().printf("wrote %d frames of %s and events.gif to %s%n", n, window, out);
        } catch (IOException e) {
            throw EventsCli.fail(e);
        }
        return 0;
    }
}
