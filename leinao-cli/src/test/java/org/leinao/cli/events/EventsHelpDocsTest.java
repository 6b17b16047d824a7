package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leinao.cli.Main;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;
import org.leinao.events.format.EventFiles;
import org.leinao.events.format.EventFormat;
import org.leinao.events.format.EventWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Audit: the Commands block of docs/events.md lacked options that {@code --help} shows
 * ({@code render --saturate}, {@code slice --include-incomplete}, {@code --sensor}, {@code from-frames
 * --on-threshold}, …), {@code slice --sensor 34x34} on a file declaring 320x240 was ignored, and
 * {@code leinao bench --help} cut the events benchmark's description mid-sentence.
 */
class EventsHelpDocsTest extends EventsCliTest {

    /** The lines of the fenced block under "## Commands", continuation lines joined to their command. */
    private static List<String> commandLines() throws Exception {
        Path docs = Path.of("..", "docs", "events.md");
        String text = Files.readString(docs);
        int at = text.indexOf("```", text.indexOf("\n## Commands"));
        String block = text.substring(text.indexOf('\n', at) + 1, text.indexOf("```", at + 3));
        List<String> lines = new ArrayList<>();
        for (String l : block.split("\n")) {
            if (l.startsWith(" ") && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.getLast() + l);
            } else {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void everyOptionOfHelpIsInTheDocsCommandsBlock() throws Exception {
        List<String> lines = commandLines();
        CommandLine events = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).getSubcommands().get("events");
        List<String> missing = new ArrayList<>();
        for (CommandLine sub : events.getSubcommands().values()) {
            String name = sub.getCommandName();
            String line = lines.stream().filter(l -> l.startsWith("leinao events " + name + " ")).findFirst().orElse("");
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp() && !line.contains(o.longestName())) {
                    missing.add(name + " " + o.longestName());
                }
            }
        }
        CommandLine bench = new CommandLine(new EventsBenchCommand());
        String line = lines.stream().filter(l -> l.startsWith("leinao bench events")).findFirst().orElse("");
        for (OptionSpec o : bench.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp() && !line.contains(o.longestName())) {
                missing.add("bench events " + o.longestName());
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theBenchDescriptionsFirstLineIsASentence() {
        String[] d = new CommandLine(new EventsBenchCommand()).getCommandSpec().usageMessage().description();
        assertThat(d[0]).endsWith(".");
    }

    @Test
    void aSensorThatContradictsTheFileIsRefused() throws Exception {
        Path f = dir.resolve("in.raw");
        EventBatch b = new EventBatch(0);
        for (int i = 0; i < 100; i++) {
            b.add(i * 50L, i % 64, 0, 1);
        }
        try (EventWriter w = EventFiles.create(f, EventFormat.EVT3, new SensorSize(320, 240), null)) {
            w.write(b);
        }
        Path o = dir.resolve("s");
        assertThat(run("events", "slice", f.toString(), "--out", o.toString(), "--slices", "2", "--sensor", "34x34"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("leinao: --sensor 34x34: " + f + " declares a 320x240 sensor;"
                + " leave --sensor out (it is for files that declare none) or give 320x240");
        assertThat(o).doesNotExist();
        err.getBuffer().setLength(0);
        assertThat(run("events", "convert", f.toString(), dir.resolve("c.npy").toString(), "--sensor", "34x34"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--sensor 34x34: " + f + " declares a 320x240 sensor");
        assertThat(run("events", "slice", f.toString(), "--out", o.toString(), "--slices", "2", "--sensor", "320x240"))
                .as(err.toString()).isZero();
    }
}
