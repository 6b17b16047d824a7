package org.leinao.events.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private long readLimit = Long.MAX_VALUE;

    /** Opens {@code file} with a buffer of {@code bufferSize} bytes in the given byte order. */
    public ChannelInput(Path file, int bufferSize, ByteOrder order) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.reads = new FileReads(file, channel);
        this.buf = ByteBuffer.allocate(bufferSize).order(order);
        buf.limit(0);
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
     * the end of the file: no byte at or beyond it is read or left in the buffer (a reader that
     * decodes one part of a file while another thread decodes the next uses it to stop at the
     * boundary). {@link #seek} and the end-of-file checks of other methods are unaffected.
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
        if (buf.remaining() >= n) {
            return true;
        }
        if (n > buf.capacity()) {
            throw new IllegalArgumentException("request of " + n + " bytes exceeds buffer of " + buf.capacity());
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
        readPos = pos;
        bufStart = pos;
        buf.clear().limit(0);
    }

    /** Skips {@code n} bytes, which must exist. */
    public void skip(long n, String what) throws IOException {
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
        if (n > size - offset()) {
            throw error(offset(), "file ends inside " + what + " (" + n + " bytes declared, "
                    + (size - offset()) + " left)");
        }
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (!buf.hasRemaining() && !request(1)) {
                throw error(offset(), "file ends inside " + what);
            }
            int k = Math.min(buf.remaining(), n - done);
            buf.get(out, done, k);
            done += k;
        }
        return out;
    }

    /**
     * Reads the leading text lines that start with {@code marker} (e.g. {@code '#'} or {@code '%'}),
     * stopping before the first byte that does not. Lines end at {@code \n}; a trailing {@code \r}
     * is dropped. Bounded by {@code maxBytes} so that a binary file without newlines cannot make it
     * run away.
     */
    public java.util.List<String> readHeaderLines(char marker, int maxBytes) throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        long start = offset();
        while (request(1) && buf.get(buf.position()) == (byte) marker) {
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
        }
        return lines;
    }

    /** A located error in this file. */
    public EventFormatException error(long offset, String problem) {
        return new EventFormatException(file, offset, problem);
    }

    @Override
    public void close() throws IOException {
        reads.close();
        channel.close();
    }
}
