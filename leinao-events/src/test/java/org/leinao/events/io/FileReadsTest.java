package org.leinao.events.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A read that answers 0 instead of -1 at the end would make ChannelInput loop: hence the timeout. */
@Timeout(120)
class FileReadsTest {

    @TempDir
    Path dir;

    @AfterEach
    void nativeReadsBack() {
        System.clearProperty("leinao.events.nativeReads");
    }

    private Path randomFile(int size) throws IOException {
        byte[] bytes = new byte[size];
        new SplittableRandom(7).nextBytes(bytes);
        Path f = dir.resolve("r.bin");
        Files.write(f, bytes);
        return f;
    }

    /** A random file of {@code size} bytes and its bytes, read by the path {@code nativeReads} says. */
    private record Fixture(Path file, byte[] bytes) {
    }

    private Fixture fixture(boolean nativeReads, int size) throws IOException {
        System.setProperty("leinao.events.nativeReads", String.valueOf(nativeReads));
        Path f = randomFile(size);
        return new Fixture(f, Files.readAllBytes(f));
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    @Test
    void theNativePathIsTakenWhereTheBuildAllowsIt() throws IOException {
        // the build passes --enable-native-access to the tests as the launcher does to the CLI
        assumeTrue(linux(), "the native reads are Linux only");
        assumeTrue(FileReads.LOCAL.contains(Files.getFileStore(dir).type()), "the temp folder is not on a local file system");
        Path f = randomFile(100);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); FileReads r = new FileReads(f, ch)) {
            assertThat(FileReads.nativeAvailable()).isTrue();
            assertThat(r.isNative()).isTrue();
        }
        System.setProperty("leinao.events.nativeReads", "false");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); FileReads r = new FileReads(f, ch)) {
            assertThat(r.isNative()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsGiveTheFileBytesAnywhereAndMinusOneAtTheEnd(boolean nativeReads) throws IOException {
        int size = 3_000_017;
        Fixture fx = fixture(nativeReads, size);
        Path f = fx.file();
        byte[] want = fx.bytes();
        SplittableRandom rnd = new SplittableRandom(11);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); FileReads r = new FileReads(f, ch)) {
            assertThat(r.isNative()).isEqualTo(nativeReads && FileReads.nativeAvailable());
            byte[] buf = new byte[1 << 20];
            for (int k = 0; k < 400; k++) {
                int off = rnd.nextInt(100);
                int len = rnd.nextInt(buf.length - off + 1);
                long at = k % 10 == 0 ? size - rnd.nextInt(50) : rnd.nextLong(size);
                Arrays.fill(buf, (byte) 0x5A);
                int got = r.read(buf, off, len, at);
                if (len == 0) {
                    assertThat(got).isZero();
                    continue;
                }
                if (at >= size) {
                    assertThat(got).isEqualTo(-1);
                    continue;
                }
                assertThat(got).isBetween(1, (int) Math.min(len, size - at));
                assertThat(Arrays.copyOfRange(buf, off, off + got))
                        .isEqualTo(Arrays.copyOfRange(want, (int) at, (int) at + got));
                // nothing written around the part read
                for (int i = 0; i < off; i++) {
                    assertThat(buf[i]).isEqualTo((byte) 0x5A);
                }
                if (off + got < buf.length) {
                    assertThat(buf[off + got]).isEqualTo((byte) 0x5A);
                }
            }
        }
    }

    @Test
    void aNameBeyondAsciiOpensTheSameFile() throws IOException {
        Path f;
        try {
            f = dir.resolve("événements-数据 \u00a0.bin");
            Files.write(f, new byte[] {1, 2, 3, 4, 5});
        } catch (java.nio.file.InvalidPathException | IOException e) {
            assumeTrue(false, "this JVM's file-name encoding cannot write " + e.getMessage());
            return;
        }
        // a file of the ASCII-folded name beside it, which a wrong encoding might open instead
        Files.write(dir.resolve("evenements-.bin"), new byte[] {9, 9, 9, 9, 9});
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); FileReads r = new FileReads(f, ch)) {
            assertThat(r.isNative()).isEqualTo(FileReads.nativeAvailable());
            byte[] b = new byte[8];
            assertThat(r.read(b, 1, 7, 0)).isEqualTo(5);
            assertThat(b).containsExactly(0, 1, 2, 3, 4, 5, 0, 0);
        }
    }

    @Test
    void aZipEntryIsReadFromTheZipNotFromTheDiskFileOfItsName() throws IOException {
        // a file on disk and a zip entry of the same absolute name, with other bytes
        Path disk = dir.resolve("a.raw");
        Files.write(disk, new byte[] {1, 1, 1, 1});
        Path zip = dir.resolve("z.zip");
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
            Path entry = fs.getPath(disk.toAbsolutePath().toString());
            Files.createDirectories(entry.getParent());
            Files.write(entry, new byte[] {2, 2, 2, 2});
        }
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip);
                ChannelInput in = new ChannelInput(fs.getPath(disk.toAbsolutePath().toString()), 1 << 16,
                        ByteOrder.LITTLE_ENDIAN)) {
            in.require(4, "test bytes");
            byte[] got = new byte[4];
            in.buffer().get(got);
            assertThat(got).containsExactly(2, 2, 2, 2);
        }
    }

    @Test
    void aFileOpenedThroughALinkIsReadNatively() throws IOException {
        assumeTrue(FileReads.nativeAvailable() && FileReads.LOCAL.contains(Files.getFileStore(dir).type()),
                "no native reads here");
        Path f = randomFile(1000);
        Path link = dir.resolve("link.bin");
        Files.createSymbolicLink(link, f);
        try (FileChannel ch = FileChannel.open(link, StandardOpenOption.READ); FileReads r = new FileReads(link, ch)) {
            assertThat(r.isNative()).isTrue();
            byte[] b = new byte[1000];
            assertThat(r.read(b, 0, 1000, 0)).isEqualTo(1000);
            assertThat(b).isEqualTo(Files.readAllBytes(f));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anInterruptedReaderStopsAtItsFirstReadEitherWay(boolean nativeReads) throws IOException {
        Fixture fx = fixture(nativeReads, 300_000);
        try (ChannelInput in = new ChannelInput(fx.file(), 1 << 12, ByteOrder.LITTLE_ENDIAN)) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> in.request(1)).isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void aReadAfterCloseFailsAsTheChannelDoes() throws IOException {
        Path f = randomFile(1000);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
        FileReads r = new FileReads(f, ch);
        r.close();
        ch.close();
        assertThat(r.isNative()).isFalse();
        assertThatThrownBy(() -> r.read(new byte[10], 0, 10, 0)).isInstanceOf(ClosedChannelException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSeekIntoBytesReadAheadKeepsThemAndAnythingElseReadsAgain(boolean nativeReads) throws IOException {
        int size = 700_001;
        Fixture fx = fixture(nativeReads, size);
        Path f = fx.file();
        byte[] want = fx.bytes();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 300; k++) {
            try (ChannelInput in = new ChannelInput(f, 1 << 16, ByteOrder.LITTLE_ENDIAN)) {
                long at = rnd.nextLong(size - 100);
                in.seek(at);
                in.require(50, "test bytes");
                long from = rnd.nextLong(size);
                long to = from + rnd.nextInt(1 << 17);
                int pieces = rnd.nextInt(4);
                for (int i = 0; i < pieces && in.prefetch(from, to, 1 + rnd.nextInt(40_000)); i++) {
                    // reading ahead, a piece at a time
                }
                int action = rnd.nextInt(4);
                long limit = rnd.nextInt(3) == 0 ? from + rnd.nextInt(1 << 16) : Long.MAX_VALUE;
                long pos;
                if (action == 0) {
                    // a seek into the bytes read ahead (or anywhere near them)
                    pos = Math.min(size, Math.max(0, from + rnd.nextInt(1 << 16) - 100));
                    if (limit != Long.MAX_VALUE) {
                        limit = Math.max(limit, in.offset());
                        in.setReadLimit(limit);
                    }
                    in.seek(pos);
                } else if (action == 1) {
                    pos = rnd.nextLong(size);
                    in.seek(pos);
                } else {
                    // no seek: the bytes after the earlier position, read again from the file
                    pos = in.offset();
                }
                long end = Math.min(size, action == 0 && limit != Long.MAX_VALUE ? Math.max(limit, pos) : size);
                int n = (int) Math.min(end - pos, 1 + rnd.nextInt(1 << 16));
                if (n <= 0) {
                    assertThat(in.request(1)).isFalse();
                    continue;
                }
                in.require(n, "test bytes");
                byte[] got = new byte[n];
                in.buffer().get(got);
                assertThat(got).as("round %d, action %d", k, action)
                        .isEqualTo(Arrays.copyOfRange(want, (int) pos, (int) pos + n));
                assertThat(in.offset()).isEqualTo(pos + n);
                if (end < size) {
                    // the read limit holds for the bytes read ahead too
                    in.request((int) Math.min(end - pos - n + 1, 1 << 16));
                    assertThat(in.offset() + in.buffer().remaining()).isLessThanOrEqualTo(end);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void channelInputReadsTheSameBytesEitherWay(boolean nativeReads) throws IOException {
        int size = 2_500_003;
        Fixture fx = fixture(nativeReads, size);
        Path f = fx.file();
        byte[] want = fx.bytes();
        byte[] got = new byte[size];
        SplittableRandom rnd = new SplittableRandom(3);
        try (ChannelInput in = new ChannelInput(f, 1 << 16, ByteOrder.LITTLE_ENDIAN)) {
            int done = 0;
            while (done < size) {
                if (rnd.nextInt(20) == 0) {
                    // a seek back discards the buffer: the next reads start there
                    done = rnd.nextInt(done + 1);
                    in.seek(done);
                }
                int n = Math.min(1 + rnd.nextInt(1 << 16), size - done);
                in.require(n, "test bytes");
                in.buffer().get(got, done, n);
                done += n;
            }
            assertThat(in.request(1)).isFalse();
        }
        assertThat(got).isEqualTo(want);
    }
}
