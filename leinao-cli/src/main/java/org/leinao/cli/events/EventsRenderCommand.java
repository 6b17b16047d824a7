package org.leinao.cli.events;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.leinao.cli.UserException;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventReader;
import org.leinao.events.format.FormatDetector;
import org.leinao.events.represent.Frames;
import org.leinao.events.represent.Render;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leinao events render FILE --out DIR [--window 10ms]}: PNG frames plus an animated GIF. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render events as PNG frames (ON green, OFF red) and an animated GIF.")
final class EventsRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "event file")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--window", defaultValue = "10ms", description = "time per frame (default: ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--sensor", paramLabel = "WxH", description = "sensor size when the file declares none")
    String sensor;

    @Option(names = "--max-frames", defaultValue = "1000", description = "stop after this many frames (default: ${DEFAULT-VALUE})")
    int maxFrames;

    @Option(names = "--saturate", defaultValue = "3", description = "events per pixel drawn at full brightness (default: ${DEFAULT-VALUE})")
    int saturate;

    @Override
    public Integer call() {
        EventsCli.requireFile(file);
        EventsCli.requireFreshFolder(out);
        long w = EventsCli.micros(window);
        if (w <= 0 || maxFrames <= 0 || saturate <= 0) {
            throw new UserException("--window, --max-frames and --saturate must be positive");
        }
        try (EventReader r = EventFiles.open(file, FormatDetector.detect(file), EventsCli.sensor(sensor))) {
            EventRecording rec = r.readAll(EventsCli.MAX_IN_MEMORY);
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
            Files.createDirectories(out);
            Frames frames = Frames.byTime(rec, w, 0, true);
            int n = Math.min(frames.frames(), maxFrames);
            List<BufferedImage> images = new ArrayList<>(n);
            for (int f = 0; f < n; f++) {
                BufferedImage img = Render.image(frames, f, saturate);
                ImageIO.write(img, "png", out.resolve(String.format("frame-%05d.png", f)).toFile());
                images.add(img);
            }
            Render.gif(images, (int) Math.max(20, Math.min(1000, w / 1000)), out.resolve("events.gif"));
            spec.commandLine().getOut().printf("wrote %d frames of %s and events.gif to %s%n", n, window, out);
        } catch (IOException e) {
            throw EventsCli.fail(e);
        }
        return 0;
    }
}
