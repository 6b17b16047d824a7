package org.leinao.io.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.engine.record.Result;

class NpyTest {
    @TempDir
    Path tmp;

    /** Checks magic, version, header length and alignment; returns the header text. */
    private static String header(ByteBuffer b) {
        byte[] magic = new byte[6];
        b.get(magic);
        assertThat(magic).isEqualTo(Npy.MAGIC);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.get()).isEqualTo((byte) 0);
        int len = Short.toUnsignedInt(b.getShort());
        assertThat((10 + len) % 64).as("data aligned to 64 bytes").isZero();
        byte[] text = new byte[len];
        b.get(text);
        String h = new String(text, StandardCharsets.US_ASCII);
        assertThat(h).endsWith("\n");
        return h.strip();
    }

    /** The files of {@link Fixtures#handmade()} written with {@code --format npy}. */
    private Path written() throws IOException {
        Result r = Fixtures.handmade();
        return RunWriter.write(r, Fixtures.info(r), tmp.resolve("run"), EnumSet.of(Format.NPY)).dir();
    }

    private static ByteBuffer read(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void spikesAreAStructuredArray() throws IOException {
        ByteBuffer b = read(written().resolve("spikes_exc.npy"));
        assertThat(header(b)).isEqualTo(
                "{'descr': [('time_ms', '<f8'), ('node_id', '<i8')], 'fortran_order': False, 'shape': (6,), }");
        assertThat(b.remaining()).isEqualTo(6 * 16);
        assertThat(b.getDouble()).isEqualTo(0.5);
        assertThat(b.getLong()).isEqualTo(0);
        assertThat(b.getDouble()).isEqualTo(1.0);
        assertThat(b.getLong()).isEqualTo(2);
    }

    @Test
    void stateIsA2dArrayAndEmptySpikesAreValid() throws IOException {
        Path dir = written();
        ByteBuffer b = read(dir.resolve("state_exc_V_m.npy"));
        assertThat(header(b)).isEqualTo("{'descr': '<f8', 'fortran_order': False, 'shape': (20, 2), }");
        assertThat(b.remaining()).isEqualTo(20 * 2 * 8);
        assertThat(b.getDouble()).isEqualTo(1.0);
        assertThat(b.getDouble()).isEqualTo(2.0);
        ByteBuffer e = read(dir.resolve("spikes_inh.npy"));
        assertThat(header(e)).contains("'shape': (0,)");
        assertThat(e.remaining()).isZero();
    }
}
