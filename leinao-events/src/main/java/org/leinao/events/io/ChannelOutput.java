package org.leinao.events.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A fixed-size write buffer over a file channel; writers encode into {@link #ensure}d space. */
public final class ChannelOutput implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buf;
    private long flushed;

    /** Creates (or truncates) {@code file}. */
    public ChannelOutput(Path file, int bufferSize, ByteOrder order) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.buf = ByteBuffer.allocate(bufferSize).order(order);
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    /** The buffer, in write mode. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** Bytes written so far (flushed plus buffered): the offset of the next byte. */
    public long offset() {
        return flushed + buf.position();
    }

    /** Makes room for {@code n} bytes in the buffer, flushing if needed. */
    public ByteBuffer ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
            if (buf.remaining() < n) {
                throw new IllegalArgumentException(n + " bytes exceed the write buffer");
            }
        }
        return buf;
    }

    /** Writes a whole array, through the buffer or directly when large. */
    public void write(byte[] bytes, int off, int len) throws IOException {
        if (len <= buf.remaining()) {
            buf.put(bytes, off, len);
            return;
        }
        flush();
        if (len <= buf.remaining()) {
            buf.put(bytes, off, len);
            return;
        }
        ByteBuffer w = ByteBuffer.wrap(bytes, off, len);
        while (w.hasRemaining()) {
            flushed += channel.write(w);
        }
    }

    /** Writes the buffer to the file. */
    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            flushed += channel.write(buf);
        }
        buf.clear();
    }

    /** Overwrites bytes already written at absolute {@code pos} (used to patch headers). */
    public void patch(long pos, ByteBuffer bytes) throws IOException {
        flush();
        while (bytes.hasRemaining()) {
            channel.write(bytes, pos + bytes.position());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    /** A buffer of the default size in little-endian order. */
    public static ChannelOutput littleEndian(Path file) throws IOException {
        return new ChannelOutput(file, ChannelInput.DEFAULT_BUFFER, ByteOrder.LITTLE_ENDIAN);
    }
}
