package org.leinao.events.format.prophesee;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * DAT records decoded with the Vector API ({@code jdk.incubator.vector}), eight at a time: loaded only
 * when that module is in the boot layer and the vector decoders decode ({@link RawKernel#vectorNow}).
 *
 * <p>Why: the scalar loop of {@link DatReader} spends about as long decoding a buffer as reading it,
 * so on a fast host its rate fell to 0.48 of the raw scan's (docs/events-throughput.md, eleventh pass). A
 * vector of records whose times step back by more than half the 32-bit range (a wrap-around) is
 * left to the scalar loop, as is an event outside the sensor (only noted here).
 */
final class DatVector {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LANES = LONGS.length();
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, LONGS.vectorShape());
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class,
            VectorShape.forBitSize(Math.max(64, 16 * LANES)));
    private static final VectorSpecies<Byte> POLARITIES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, 8 * LANES)));

    private DatVector() {
    }

    /** Whether vectors help here: eight longs (512 bits), so that a polarity store is eight bytes. */
    static boolean usable() {
        return LANES == 8 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * Decodes the records of events {@code n, n + 1, ...} (event j's at {@code arr[base + 8 j]}) while
     * a whole vector of them fits before {@code end} and holds no wrap-around.
     *
     * @param state the time high bits and the last 32-bit time (in and out)
     * @return the first event not decoded, or -1 when an event was outside the sensor (nothing is
     *         then taken: the caller decodes again with every check)
     */
    static int decode(byte[] arr, int base, long[] t, short[] x, short[] y, byte[] p, int n, int end, int w,
            int h, long[] state) {
        long hi = state[0];
        long last = state[1];
        long bad = 0;
        int j = n;
        for (; j <= end - LANES; j += LANES) {
            LongVector q = ByteVector.fromArray(BYTES, arr, base + 8 * j).reinterpretAsLongs();
            LongVector low = q.and(0xFFFF_FFFFL);
            // lane i's time against lane i - 1's (the last time before the vector for lane 0)
            LongVector prev = LongVector.broadcast(LONGS, last).slice(LANES - 1, low);
            if (prev.sub(low).compare(VectorOperators.GT, 0x8000_0000L).anyTrue()) {
                break; // a wrap-around: the scalar loop takes it
            }
            LongVector data = q.lanewise(VectorOperators.LSHR, 32);
            LongVector xx = data.and(0x3FFF);
            LongVector yy = data.lanewise(VectorOperators.LSHR, 14).and(0x3FFF);
            bad |= xx.compare(VectorOperators.GE, w).or(yy.compare(VectorOperators.GE, h)).toLong();
            low.or(hi).intoArray(t, j);
            ((ShortVector) xx.convertShape(VectorOperators.L2S, SHORTS, 0)).intoArray(x, j);
            ((ShortVector) yy.convertShape(VectorOperators.L2S, SHORTS, 0)).intoArray(y, j);
            // 1 when bits 31-28 are not all 0
            ((ByteVector) data.lanewise(VectorOperators.LSHR, 28).add(15).lanewise(VectorOperators.LSHR, 4)
                    .convertShape(VectorOperators.L2B, POLARITIES, 0)).intoArray(p, j);
            last = low.lane(LANES - 1);
        }
        if (bad != 0) {
            return -1;
        }
        state[0] = hi;
        state[1] = last;
        return j;
    }
}
