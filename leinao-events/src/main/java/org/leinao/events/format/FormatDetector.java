package org.leinao.events.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.leinao.events.io.EventFormatException;

/**
 * Tells an event file's format from its first bytes: the AEDAT version line, the NumPy magic, or the
 * {@code %} header of Prophesee files (whose {@code evt}/{@code format} line separates RAW EVT 2.0 /
 * 3.0 from DAT). Only the N-MNIST binary, which has no header, and DAT files whose header lacks a
 * version line fall back to the extension. A RAW file must name its encoding in its header, as
 * Metavision's own files do: the same words decode as either EVT 2.0 or EVT 3.0 without error, so a
 * {@code .raw} extension is not a reason to pick one. Header-less RAW data is read by naming the
 * encoding ({@link EventFiles#open(Path, EventFormat, org.leinao.events.SensorSize)}, CLI {@code --from}).
 * An empty file is refused: no format has a 0-byte file with anything in it worth reading but N-MNIST,
 * and there a 0-byte file is far likelier a failed copy than a recording without events.
 */
public final class FormatDetector {

    private static final int PROBE = 64 * 1024;

    private static final String RAW_HINT = "; to read header-less EVT data name its encoding: --from evt2 or"
            + " --from evt3";

    private FormatDetector() {
    }

    /** The format of {@code file}; a located error when it cannot be told. */
    public static EventFormat detect(Path file) throws IOException {
        byte[] head;
        try (InputStream s = Files.newInputStream(file)) {
            head = s.readNBytes(PROBE);
        }
        if (head.length == 0) {
            throw new EventFormatException(file, 0, "empty file (0 bytes), expected an event file");
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("#!AER-DAT4")) {
            return EventFormat.AEDAT4;
        }
        if (text.startsWith("#!AER-DAT3")) {
            return EventFormat.AEDAT3;
        }
        if (text.startsWith("#!AER-DAT2") || text.startsWith("#!AER-DAT1") || text.startsWith("#")) {
            return EventFormat.AEDAT2;
        }
        if (head.length >= 6 && (head[0] & 0xFF) == 0x93 && text.startsWith("NUMPY", 1)) {
            return EventFormat.NPY;
        }
        EventFormat byExt = EventFormat.byExtension(file.getFileName().toString());
        if (text.startsWith("%")) {
            for (String original : text.split("\n")) {
                String line = original.toLowerCase(Locale.ROOT);
                if (!line.startsWith("%")) {
                    break;
                }
                String l = line.replace(" ", "").strip();
                if (l.equals("%end")) {
                    break; // the RAW header's last line; the data after it may begin with '%'
                }
                String encoding = l.startsWith("%evt") ? "evt" + l.substring(4)
                        : l.startsWith("%formatevt") ? l.substring(7).split(";", 2)[0] : null;
                if (encoding != null) {
                    // the whole name, not a prefix: Metavision also writes EVT 2.1 ('% evt 2.1',
                    // '% format EVT21'), 64-bit words that would decode as EVT 2.0 without an error
                    return switch (encoding) {
                        case "evt3", "evt3.0" -> EventFormat.EVT3;
                        case "evt2", "evt2.0" -> EventFormat.EVT2;
                        default -> throw new EventFormatException(file, 0, "RAW encoding '"
                                + original.strip().substring(1).strip() + "' is not supported (expected EVT 2.0 or EVT 3.0)");
                    };
                }
                if (l.startsWith("%datafilecontaining") || l.startsWith("%version")) {
                    return EventFormat.DAT;
                }
            }
            if (byExt == EventFormat.DAT) {
                return byExt;
            }
            throw new EventFormatException(file, 0, "'%' header names no encoding (expected a '% evt 2.0', "
                    + "'% evt 3.0', '% format EVT2|EVT3' or DAT '% Version' line)" + RAW_HINT);
        }
        if (byExt == EventFormat.EVT2 || byExt == EventFormat.EVT3) {
            throw new EventFormatException(file, 0, "no '%' header, so the RAW encoding is unknown (a Metavision RAW"
                    + " file starts with '% evt 2.0' or '% format EVT3;…')" + RAW_HINT);
        }
        if (byExt == EventFormat.NMNIST || byExt == EventFormat.DAT) {
            return byExt;
        }
        throw new EventFormatException(file, 0, "unrecognised event file (expected an AEDAT version line, "
                + "a NumPy magic, a Prophesee '%' header, or a .bin N-MNIST file)");
    }
}
