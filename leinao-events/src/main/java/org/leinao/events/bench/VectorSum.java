package org.leinao.events.bench;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The read at the ceiling's touch of every byte ({@code DecodeBenchmark.read}) with the Vector
 * API: the words summed a vector at a time, so that it costs little more than the read itself (the
 * raw scan's scalar loop of {@code ByteBuffer.getLong} takes about twice as long as the read,
 * docs/events-throughput.md, fifteenth pass). Loaded only when the {@code jdk.incubator.vector}
 * module is in the boot layer.
 */
final class VectorSum {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    /** Bytes of the same width as {@link #LONGS}. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, LONGS.vectorShape());

    private VectorSum() {
    }

    /** How many of {@code n} bytes {@link #sum} takes: whole pairs of vectors. */
    static long covered(long n) {
        long pair = 2L * LONGS.vectorByteSize();
        return n - n % pair;
    }

    /**
     * The sum of the 8-byte words of {@code seg[0..n)}, {@code n} as {@link #covered} gives it; for
     * a direct buffer's segment only (a heap array has {@link #sum(byte[], int)}): given both kinds
     * of segment, C2 compiled this loop, met the other kind, threw the code away and compiled it
     * again, about a hundred times a benchmark run, its compiler thread taking a vCPU from the
     * decodes timed next (docs/events-throughput.md, nineteenth pass).
     */
    static long sum(MemorySegment seg, long n) {
        long step = LONGS.vectorByteSize();
        LongVector a = LongVector.zero(LONGS);
        LongVector b = LongVector.zero(LONGS);
        // two accumulators, so that the adds do not wait on each other
        for (long i = 0; i < n; i += 2 * step) {
            a = a.add(LongVector.fromMemorySegment(LONGS, seg, i, ByteOrder.LITTLE_ENDIAN));
            b = b.add(LongVector.fromMemorySegment(LONGS, seg, i + step, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }

    /** The sum of the 8-byte words of {@code arr[0..n)} (in the machine's order), {@code n} as {@link #covered} gives it. */
    static long sum(byte[] arr, int n) {
        int step = BYTES.length();
        LongVector a = LongVector.zero(LONGS);
        LongVector b = LongVector.zero(LONGS);
        for (int i = 0; i < n; i += 2 * step) {
            a = a.add(ByteVector.fromArray(BYTES, arr, i).reinterpretAsLongs());
            b = b.add(ByteVector.fromArray(BYTES, arr, i + step).reinterpretAsLongs());
        }
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }
}
