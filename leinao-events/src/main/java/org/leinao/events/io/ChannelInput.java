package org.leinao.events.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A fixed-size read buffer over a file channel. The buffer is kept in read mode; {@link #request}
 * refills it so that at least {@code n} bytes are available, and {@link #offset()} maps the buffer
 * position back to the absolute file offset so that errors can say where they happened.
 *
 * <p>The buffer never grows: that, together with length fields being checked against
 * {@link #size()} and caps before anything is allocated, is what keeps readers in bounded memory.
 * Bytes reach it through {@link FileReads}: straight into its array where the JVM allows native
 * access, else through the channel.
 */
public final class ChannelInput implements AutoCloseable {

    /** Default buffer: large enough to amortise system calls, small enough to not matter. */
    public static final int DEFAULT_BUFFER = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final FileReads reads;
    private final ByteBuffer buf;
    private final long size;
    private long bufStart;
    /** The file offset of the next read. */
    private long readPos;
    /** The file offset of the bytes {@link #prefetch} has read to the buffer's start, -1 when none. */
    private long pfStart = -1;
    /** How many bytes {@link #prefetch} has read from {@link #pfStart}. */
    private int pfLen;
    private long readLimit = Long.MAX_VALUE;
    /** Set by {@link #close}: the buffer's array belongs to the {@link Recycler} then. */
    private boolean closed;

    /** Opens {@code file} with a buffer of {@code bufferSize} bytes in the given byte order. */
    public ChannelInput(Path file, int bufferSize, ByteOrder order) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.reads = new FileReads(file, channel);
        // a closed reader's buffer when one is kept: no page faults and no zeroing (Recycler)
        this.buf = ByteBuffer.wrap(Recycler.bytes(bufferSize)).order(order);
        buf.limit(0);
    }

    /**
     * The file's positional reads, which another thread may use at the same time as this input (a
     * decode worker reads its chunks with them): until {@link #close}, which the other thread must
     * not outlive.
     */
    public FileReads reads() {
        return reads;
    }

    /** The file name, for messages. */
    public Path file() {
        return file;
    }

    /** File length in bytes. */
    public long size() {
        return size;
    }

    /** The buffer, in read mode; its position is the next unread byte. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** Absolute file offset of the next unread byte. */
    public long offset() {
        return bufStart + buf.position();
    }

    /** Bytes left in the file after {@link #offset()}. */
    public long remainingInFile() {
        return size - offset();
    }

    /**
     * Makes {@link #request} treat absolute offset {@code offset} (at or after {@link #offset()}) as
     * the end of the file: no byte at or beyond it is served, {@link #request} reading none and
     * dropping those in the buffer ({@link #prefetch} may read past it, but the {@link #seek} that
     * follows keeps none of those). A reader that decodes one part of a file while another thread
     * decodes the next uses it to stop at the boundary. {@link #seek} and the end-of-file checks of
     * other methods are unaffected.
     */
    public void setReadLimit(long offset) throws IOException {
        readLimit = offset;
        if (offset < bufStart + buf.limit()) {
            // bytes already buffered beyond the limit are dropped and will be read again
            buf.limit((int) (offset - bufStart));
            readPos = offset;
        }
    }

    /** Capacity of the buffer, the largest {@code n} that {@link #request} can satisfy. */
    public int bufferCapacity() {
        return buf.capacity();
    }

    /**
     * Makes at least {@code n} bytes available in the buffer, reading more from the file.
     *
     * @return false when the file ends first (the buffer then holds whatever is left)
     */
    public boolean request(int n) throws IOException {
        dropPrefetch();
        if (buf.remaining() >= n) {
            return true;
        }
        if (n > buf.capacity()) {
            throw new IllegalArgumentException("request of " + n + " bytes exceeds buffer of " + buf.capacity());
        }
        if (closed) {
            throw new ClosedChannelException(); // before a read into the array, which is another reader's now
        }
        bufStart += buf.position();
        buf.compact();
        if (readLimit != Long.MAX_VALUE) {
            buf.limit((int) Math.max(buf.position(), Math.min(buf.capacity(), readLimit - bufStart)));
        }
        while (buf.position() < n && buf.hasRemaining()) {
            int r = reads.read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining(), readPos);
            if (r < 0) {
                break;
            }
            buf.position(buf.position() + r);
            readPos += r;
        }
        buf.flip();
        return buf.remaining() >= n;
    }

    /** Like {@link #request} but fails with a located error when the file ends first. */
    public void require(int n, String what) throws IOException {
        if (!request(n)) {
            throw error(offset(), "file ends after " + buf.remaining() + " of " + n + " bytes of " + what);
        }
    }

    /** Fills the buffer as far as it goes; returns the number of bytes available (0 at end of file). */
    public int fill() throws IOException {
        dropPrefetch();
        if (buf.remaining() < buf.capacity() && offset() + buf.remaining() < size) {
            request((int) Math.min(buf.capacity(), buf.remaining() + (size - offset() - buf.remaining())));
        }
        return buf.remaining();
    }

    /** Moves to absolute offset {@code pos}, discarding the buffer. */
    public void seek(long pos) throws IOException {
        if (pos < 0 || pos > size) {
            throw error(pos, "seek outside the file (0.." + size + ")");
        }
        if (readAhead(pos)) {
            // the bytes read ahead are the buffer, as far as the read limit lets them
            long from = pfStart;
            pfStart = -1;
            bufStart = from;
            long end = Math.min(from + pfLen, Math.max(pos, readLimit));
            buf.clear().limit((int) (end - from)).position((int) (pos - from));
            readPos = end;
            return;
        }
        pfStart = -1;
        emptyAt(pos);
    }

    /** Empties the buffer, the next read starting at {@code pos}. */
    private void emptyAt(long pos) {
        readPos = pos;
        bufStart = pos;
        buf.clear().limit(0);
    }

    /**
     * Reads up to {@code piece} bytes more of {@code [from, to)} to the start of the buffer, for a
     * {@link #seek} into them that comes next: that seek keeps them as the buffer. A reader that
     * waits on another thread reads its next bytes this way meanwhile. The buffer's present content
     * is given up: any other call before the seek reads it again from the file.
     *
     * @return whether more of {@code [from, to)} (as far as the buffer and the file go) is left to read
     */
    public boolean prefetch(long from, long to, int piece) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (from >= size) {
            return false; // nothing to read: the buffer is left as it is
        }
        if (pfStart != from) {
            pfStart = from;
            pfLen = 0;
        }
        long want = Math.min(Math.min(to, size) - from, buf.capacity());
        if (pfLen >= want) {
            return false;
        }
        int r = reads.read(buf.array(), buf.arrayOffset() + pfLen, (int) Math.min(piece, want - pfLen), from + pfLen);
        if (r <= 0) {
            return false; // the file ended (it shrank): the seek reads what there is
        }
        pfLen += r;
        return pfLen < want;
    }

    /** Whether a {@link #seek} to {@code pos} would keep bytes {@link #prefetch} has read. */
    public boolean readAhead(long pos) {
        return pfStart >= 0 && pos >= pfStart && pos < pfStart + pfLen;
    }

    /** After a {@link #prefetch} that no seek took: the buffer is read again from {@link #offset()}. */
    private void dropPrefetch() {
        if (pfStart >= 0) {
            pfStart = -1;
            emptyAt(offset());
        }
    }

    /** Skips {@code n} bytes, which must exist. */
    public void skip(long n, String what) throws IOException {
        dropPrefetch();
        if (n <= buf.remaining()) {
            buf.position(buf.position() + (int) n);
            return;
        }
        long target = offset() + n;
        if (target > size) {
            throw error(offset(), "file ends inside " + what + " (" + n + " bytes declared, "
                    + (size - offset()) + " left)");
        }
        seek(target);
    }

    /** Reads exactly {@code n} bytes into a new array; {@code n} must already be checked against the file. */
    public byte[] readBytes(int n, String what) throws IOException {
        dropPrefetch();
        inFile(n, what); // before the array: a length field never allocates more than the file holds
        byte[] out = new byte[n];
        copyOut(out, n, what);
        return out;
    }

    private void inFile(int n, String what) throws EventFormatException {
        if (n > size - offset()) {
            throw error(offset(), "file ends inside " + what + " (" + n + " bytes declared, "
                    + (size - offset()) + " left)");
        }
    }

    /**
     * Reads exactly {@code n} bytes into {@code out[0..n)} (a reader that reuses one array for
     * every packet, rather than a new array each, spares the collector that garbage).
     */
    public void readFully(byte[] out, int n, String what) throws IOException {
        dropPrefetch();
        inFile(n, what);
        copyOut(out, n, what);
    }

    /** The next {@code n} bytes, checked against the file, into {@code out[0..n)}. */
    private void copyOut(byte[] out, int n, String what) throws IOException {
        int done = 0;
        while (done < n) {
            if (!buf.hasRemaining() && !request(1)) {
                throw error(offset(), "file ends inside " + what);
            }
            int k = Math.min(buf.remaining(), n - done);
            buf.get(out, done, k);
            done += k;
        }
    }

    /**
     * Reads the leading text lines that start with {@code marker} (e.g. {@code '#'} or {@code '%'}),
     * stopping before the first byte that does not. Lines end at {@code \n}; a trailing {@code \r}
     * is dropped. Bounded by {@code maxBytes} so that a binary file without newlines cannot make it
     * run away.
     */
    public java.util.List<String> readHeaderLines(char marker, int maxBytes) throws IOException {
        return readHeaderLines(marker, maxBytes, null);
    }

    /**
     * As {@link #readHeaderLines(char, int)}, but also stops after a line that equals {@code endLine}
     * (ignoring trailing blanks), when not null, and before a "line" whose marker is followed by
     * anything but a space or a line end: a Prophesee RAW header ends at {@code % end} (or, in older
     * files, at the first byte that does not start "% "), and the data after it may begin with the
     * marker byte (OpenEB {@code GenericHeader::parse_header}).
     */
    public java.util.List<String> readHeaderLines(char marker, int maxBytes, String endLine) throws IOException {
        dropPrefetch();
        java.util.List<String> lines = new java.util.ArrayList<>();
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        long start = offset();
        while (request(1) && buf.get(buf.position()) == (byte) marker) {
            // OpenEB takes a line as a header line only when it starts with "% "
            // (GenericHeader::check_prefix_and_read_header_line; here also an empty "%" line): in a
            // header without '% end', data whose first byte is '%' (an EVT 3.0 TIME_HIGH of 37,
            // bytes 25 80) is not a header line
            if (endLine != null && (!request(2) || !afterMarker(buf.get(buf.position() + 1)))) {
                break;
            }
            line.reset();
            while (true) {
                if (!request(1)) {
                    throw error(offset(), "file ends inside a header line (expected a newline)");
                }
                byte b = buf.get();
                if (b == '\n') {
                    break;
                }
                line.write(b);
                if (offset() - start > maxBytes) {
                    throw error(offset(), "header longer than " + maxBytes + " bytes (expected a newline)");
                }
            }
            String s = line.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
            lines.add(s);
            if (endLine != null && s.strip().equals(endLine)) {
                break;
            }
        }
        return lines;
    }

    /** Whether {@code b} may follow the marker of a line of a header that ends at a line of its own. */
    private static boolean afterMarker(byte b) {
        return b == ' ' || b == '\r' || b == '\n';
    }

    /** A located error in this file. */
    public EventFormatException error(long offset, String problem) {
        return new EventFormatException(file, offset, problem);
    }

    /**
     * Closes the file and gives the buffer back for the next reader ({@link Recycler}), once: the
     * buffer is empty from then on, and a read fails as on any closed channel.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        bufStart = offset();
        buf.clear().limit(0);
        pfStart = -1;
        try {
            reads.close();
            channel.close();
        } finally {
            Recycler.giveBack(buf.array());
        }
    }
}
