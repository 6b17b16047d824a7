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
 * 3.0 from DAT). Only files without any header (N-MNIST binary, headerless RAW) fall back to the
 * extension.
 */
public final class FormatDetector {

    private static final int PROBE = 64 * 1024;

    private FormatDetector() {
    }

    /** The format of {@code file}; a located error when it cannot be told. */
    public static EventFormat detect(Path file) throws IOException {
        byte[] head;
        try (InputStream s = Files.newInputStream(file)) {
            head = s.readNBytes(PROBE);
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
            String lower = text.toLowerCase(Locale.ROOT);
            for (String line : lower.split("\n")) {
                if (!line.startsWith("%")) {
                    break;
                }
                String l = line.replace(" ", "");
                if (l.startsWith("%evt3") || l.startsWith("%formatevt3")) {
                    return EventFormat.EVT3;
                }
                if (l.startsWith("%evt2") || l.startsWith("%formatevt2")) {
                    return EventFormat.EVT2;
                }
                if (l.startsWith("%datafilecontaining") || l.startsWith("%version")) {
                    return EventFormat.DAT;
                }
            }
            if (byExt == EventFormat.DAT || byExt == EventFormat.EVT2 || byExt == EventFormat.EVT3) {
                return byExt;
            }
            throw new EventFormatException(file, 0, "'%' header names no encoding (expected a '% evt 2.0', "
                    + "'% evt 3.0' or DAT '% Version' line)");
        }
        if (byExt == EventFormat.NMNIST || byExt == EventFormat.EVT2 || byExt == EventFormat.EVT3 || byExt == EventFormat.DAT) {
            return byExt;
        }
        throw new EventFormatException(file, 0, "unrecognised event file (expected an AEDAT version line, "
                + "a NumPy magic, a Prophesee '%' header, or a .bin N-MNIST file)");
    }
}
