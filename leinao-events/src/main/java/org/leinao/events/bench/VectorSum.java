package org.leinao.events.bench;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
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

    private VectorSum() {
    }

    /** How many of {@code n} bytes {@link #sum} takes: whole pairs of vectors. */
    static long covered(long n) {
        long pair = 2L * LONGS.vectorByteSize();
        return n - n % pair;
    }

    /** The sum of the 8-byte words of {@code seg[0..n)}, {@code n} as {@link #covered} gives it. */
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
}
