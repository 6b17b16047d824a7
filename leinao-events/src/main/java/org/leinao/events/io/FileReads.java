package org.leinao.events.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Positional reads of a file straight into a Java array. {@link FileChannel#read(ByteBuffer, long)}
 * into a heap buffer reads into a direct buffer of the JDK's and copies from there: for the decoders
 * that run at a few GB/s that copy was 4 % of a one-thread EVT 3.0 pass, and reading without it made
 * such passes 3-5 % faster (docs/events-throughput.md, fifteenth pass). On Linux, when the JVM lets this module call native code ({@code
 * --enable-native-access=ALL-UNNAMED}, which the {@code leinao} launcher passes), the reads go to
 * {@code pread(2)} instead, through a critical downcall that may take the array itself (JEP 454,
 * {@link Linker.Option#critical(boolean)}). Elsewhere, and whenever the native path fails, they go
 * through the channel: same bytes, same errors.
 *
 * <p>Reads may run on several threads at once (positional reads share no position; a two-thread
 * decoder's worker reads through its reader's instance, {@link ChannelInput#reads()}), but none may
 * race {@link #close}: a read after it could use a descriptor number the system has given to
 * another file meanwhile.
 */
public final class FileReads implements AutoCloseable {

    private static final MethodHandle OPEN;
    private static final MethodHandle PREAD;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FSTATFS;
    /** {@code O_RDONLY | O_CLOEXEC} on Linux (x86-64 and AArch64, the only ones the native path is taken on). */
    private static final int FLAGS = 02000000;
    /**
     * The most bytes one downcall reads. A critical downcall holds up every safepoint of the JVM
     * (collections among them) until it returns, and a read of bytes not in the page cache waits
     * for the disk: 1 MiB (the readers' buffer) keeps that to a few ms on a local disk. Pieces of
     * 256 KiB cost a third of what reading without the JDK's copy gains (paired ratio 1.010 against
     * 1 MiB pieces, docs/events-throughput.md, fifteenth pass).
     */
    private static final int PIECE = 1 << 20;
    /**
     * The file systems read natively: local ones, by the magic number {@code fstatfs(2)} gives for
     * them (Linux, {@code include/uapi/linux/magic.h}; ZFS's from OpenZFS). On a network or FUSE file
     * system a read can block for long (a critical downcall would hold up the JVM's collections
     * meanwhile), so those are read through the channel. Asked of the descriptor rather than of
     * {@link Files#getFileStore}, which reads the whole mount table: that took 0.1-0.3 ms of every
     * open (docs/events-throughput.md, twentieth pass).
     */
    static final Map<Integer, String> LOCAL_MAGIC = Map.of(0xEF53, "ext2/ext3/ext4", 0x58465342, "xfs", 0x9123683E,
            "btrfs", 0x01021994, "tmpfs", 0xF2F52010, "f2fs", 0x2FC12FC1, "zfs", 0x794C7630, "overlay", 0x858458F6,
            "ramfs", 0xCA451A4E, "bcachefs");
    /** The same file systems as {@link java.nio.file.FileStore#type()} names them (tests ask it of their folder). */
    static final Set<String> LOCAL = LOCAL_MAGIC.values().stream().flatMap(v -> Arrays.stream(v.split("/")))
            .collect(Collectors.toUnmodifiableSet());
    /** Bytes of {@code struct statfs} on x86-64 and AArch64 Linux (its first field, a long, the type). */
    private static final int STATFS_BYTES = 120;

    static {
        MethodHandle[] h = null;
        // Linux on x86-64 or AArch64 (off_t and size_t are longs there), and only when allowed:
        // otherwise the first downcall would print the JVM's warning about restricted methods
        String arch = System.getProperty("os.arch", "");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                && FileReads.class.getModule().isNativeAccessEnabled()) {
            try {
                h = downcalls();
            } catch (RuntimeException | LinkageError e) {
                h = null;
            }
        }
        OPEN = h == null ? null : h[0];
        PREAD = h == null ? null : h[1];
        CLOSE = h == null ? null : h[2];
        FSTATFS = h == null ? null : h[3];
    }

    /**
     * {@code open}, {@code pread}, {@code close} and {@code fstatfs} of the C library (only called when
     * native access is allowed).
     */
    @SuppressWarnings("restricted")
    private static MethodHandle[] downcalls() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        return new MethodHandle[] {
            linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(2)),
            linker.downcallHandle(libc.find("pread").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(true)),
            linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)),
            linker.downcallHandle(libc.find("fstatfs").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)),
        };
    }

    private static final Cleaner CLEANER = Cleaner.create();

    private final FileChannel channel;
    /** The descriptor of the native path, -1 when reads go through the channel. */
    private final int fd;
    /** Closes the descriptor once, on {@link #close} or when this is unreachable without it. */
    private final Cleaner.Cleanable closer;
    private boolean closed;

    /**
     * Reads of {@code file}, which {@code channel} has open (it stays the caller's to close; its
     * position is not used). The native path is not taken when the system property {@code
     * leinao.events.nativeReads} is {@code false}, for a file of another file system than the
     * default one (a zip file system's entry, say) or of one that is not local (see {@link #LOCAL_MAGIC}),
     * or when the descriptor it opens is not of the file the path's real path names.
     */
    public FileReads(Path file, FileChannel channel) {
        this.channel = channel;
        int d = -1;
        if (OPEN != null && !"false".equals(System.getProperty("leinao.events.nativeReads"))
                && file.getFileSystem() == FileSystems.getDefault()) {
            try (Arena arena = Arena.ofConfined()) {
                // the name's bytes as the JDK passes them to the system
                byte[] name = file.toAbsolutePath().toString()
                        .getBytes(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")));
                MemorySegment path = arena.allocate(name.length + 1L);
                MemorySegment.copy(name, 0, path, ValueLayout.JAVA_BYTE, 0, name.length);
                path.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
                d = (int) OPEN.invokeExact(path, FLAGS, 0);
                if (d >= 0) {
                    MemorySegment stat = arena.allocate(STATFS_BYTES, 8);
                    boolean local = (int) FSTATFS.invokeExact(d, stat) == 0
                            && LOCAL_MAGIC.containsKey((int) stat.get(ValueLayout.JAVA_LONG, 0));
                    // the file the path names: the descriptor's target is the path's real path
                    // (not so when the name's bytes named another file). A file replaced in the
                    // microseconds between the channel's open and this one is not caught: the
                    // channel's own descriptor is not reachable from Java to compare with.
                    if (!local || !Files.readSymbolicLink(Path.of("/proc/self/fd/" + d)).equals(file.toRealPath())) {
                        int ignored = (int) CLOSE.invokeExact(d);
                        d = -1;
                    }
                }
            } catch (Throwable e) {
                if (d >= 0) {
                    try {
                        int ignored = (int) CLOSE.invokeExact(d);
                    } catch (Throwable ignoredToo) {
                        // gone either way
                    }
                }
                d = -1;
            }
        }
        fd = Math.max(d, -1);
        closer = fd >= 0 ? CLEANER.register(this, new Closer(fd)) : null;
    }

    /** Closes a descriptor; holds no reference to its {@link FileReads}. */
    private record Closer(int fd) implements Runnable {
        @Override
        public void run() {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable e) {
                // nothing to do: the descriptor is gone either way
            }
        }
    }

    /** Whether reads take the native path (tests and benchmarks report it). */
    public boolean isNative() {
        return fd >= 0 && !closed;
    }

    /** Whether this JVM can take the native path at all. */
    public static boolean nativeAvailable() {
        return OPEN != null;
    }

    /**
     * Reads up to {@code len} bytes at file offset {@code at} into {@code arr[off..off + len)}.
     *
     * @return the bytes read, -1 at the end of the file
     */
    public int read(byte[] arr, int off, int len, long at) throws IOException {
        // After close the descriptor may be another file's: the channel then decides (it throws
        // when closed too). A thread with its interrupt flag set goes through the channel too,
        // which then closes and throws ClosedByInterruptException at once, as it always did.
        if (fd >= 0 && !closed && len > 0 && !Thread.currentThread().isInterrupted()) {
            MemorySegment seg = MemorySegment.ofArray(arr);
            int done = 0;
            while (done < len) {
                int piece = Math.min(len - done, PIECE);
                long r;
                try {
                    r = (long) PREAD.invokeExact(fd, seg.asSlice(off + done, piece), (long) piece, at + done);
                } catch (Throwable e) {
                    r = -1;
                }
                if (r <= 0) {
                    break;
                }
                done += (int) r;
                if (r < piece) {
                    break; // the end of the file, or a signal: what was read is returned
                }
            }
            if (done > 0) {
                return done;
            }
            // 0 (end of file) or an error (EINTR among them): the channel says which, and reports
            // an error as Java does
        }
        return channel.read(ByteBuffer.wrap(arr, off, len), at);
    }

    @Override
    public void close() {
        closed = true;
        if (closer != null) {
            closer.clean();
        }
    }
}
