package org.leinao.cli.events;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code leinao events}: event-camera files. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Event-camera files: inspect, convert, render, slice, synthesise.",
        subcommands = {EventsInfoCommand.class, EventsConvertCommand.class, EventsRenderCommand.class,
                EventsSliceCommand.class, EventsFromFramesCommand.class},
        footer = {"", "Formats: AEDAT 2.0/3.1/4.0, Prophesee DAT/EVT 2.0/EVT 3.0,", "  N-MNIST .bin, NumPy .npy",
                "", "Examples:",
                "  leinao events info recording.aedat4",
                "  leinao events convert recording.aedat4 out.raw --to evt3",
                "  leinao events render digit.bin --sensor 34x34 --out frames --window 10ms",
                "  leinao events slice recording.raw --out slices --window 50ms",
                "  leinao events from-frames video/ --threshold 0.2 --out synth.aedat4"})
public final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
