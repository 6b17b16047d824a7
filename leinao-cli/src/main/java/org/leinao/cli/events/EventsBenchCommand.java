package org.leinao.cli.events;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.leinao.cli.UserException;
import org.leinao.events.bench.DecodeBenchmark;
import org.leinao.events.format.EventFormat;
import org.leinao.events.io.FileReads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leinao bench events}: decode throughput per format next to a raw byte scan of the same file. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Measure event decoding throughput (M events/s) per format on generated files.",
                "Each format's decode rate is shown next to a raw byte scan of the same file in the same run."})
public final class EventsBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "50000000", description = "events per generated file (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--formats", split = ",", description = "formats to measure (default: evt2,evt3,dat,aedat4,nmnist,npy,aedat2)")
    List<String> formats;

    @Option(names = "--dir", description = "folder for the temporary files (default: the system temp folder)")
    Path dir;

    // five: on a shared 2-vCPU host the best of two two-thread passes still moved by a fifth from
    // run to run (docs/events-throughput.md, fifteenth pass); a pass is 0.5-2 s, the warm-up 3-8 s
    @Option(names = "--repeats", defaultValue = "5", description = "timed passes per format, each of "
            + DecodeBenchmark.SAMPLES_PER_PASS + " samples of every mode; the best sample of each mode counts"
            + " (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() {
        if (events <= 0) {
            throw new UserException("--events " + events + ": expected at least 1 event per file");
        }
        if (repeats <= 0) {
            throw new UserException("--repeats " + repeats + ": expected at least 1 timed pass");
        }
        List<EventFormat> list = new ArrayList<>();
        if (formats == null) {
            list.addAll(DecodeBenchmark.defaultFormats());
        } else {
            for (String f : formats) {
                EventFormat ef = EventsCli.format(f);
                if (!ef.writable()) {
                    throw new UserException("cannot generate " + ef.title() + " files to measure");
                }
                list.add(ef);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Path work = Files.createTempDirectory(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir, "leinao-bench-events");
            try {
                List<DecodeBenchmark.Row> rows = DecodeBenchmark.run(work, events, list, repeats,
                        line -> spec.commandLine().getErr().println(line));
                out.printf("%-32s %12s %10s %12s %12s %8s %12s %10s %6s%n", "format", "events", "MB", "decode Mev/s",
                        "scan Mev/s", "ratio", "read Mev/s", "read ratio", "cores");
                for (DecodeBenchmark.Row r : rows) {
                    out.printf(java.util.Locale.ROOT, "%-32s %12d %10.1f %12.1f %12.1f %8.2f %12.1f %10.2f %6.2f%n",
                            r.format(), r.events(), r.bytes() / 1e6, r.decodeMevS(), r.scanMevS(), r.ratio(), r.readMevS(),
                            r.readRatio(), r.cores());
                }
                out.printf("JDK %s, %d cores; file reads: %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                        FileReads.nativeAvailable() ? "pread(2) into the readers' arrays"
                                : "FileChannel (no native access: a copy more per read)");
                out.printf("scan: %s (the issue's raw scan)%nread: %s (the ceiling)%n", DecodeBenchmark.scanMethod(),
                        DecodeBenchmark.readMethod());
                out.printf("cores: what two threads of arithmetic did at once, in one thread's work, median of the"
                        + " format's probes (2.00: two whole cores; less: the host ran others on them, or gave two"
                        + " hardware threads of one core)%n");
            } finally {
                Files.deleteIfExists(work);
            }
        } catch (IOException e) {
            throw EventsCli.fail(e);
        }
        return 0;
    }
}
