package org.leinao.io.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RunWriter} produced.
 *
 * @param dir the finished run folder
 * @param files names of the files in it, in writing order ({@code summary.json} last)
 * @param writeSeconds wall-clock seconds spent writing (also in {@code summary.json} as timing.write_s)
 * @param summary the contents of {@code summary.json}
 */
public record WrittenRun(Path dir, List<String> files, double writeSeconds, JsonNode summary) {

    /** Copies the file list. */
    public WrittenRun {
        files = List.copyOf(files);
    }
}
