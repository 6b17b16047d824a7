package org.leinao.events.format.prophesee;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * EVT 2.0 words decoded a vector at a time (16 words with 512-bit vectors, 8 with 256-bit) with the
 * Vector API, {@code jdk.incubator.vector} (JEP 508). This class is loaded only when that module is
 * in the boot layer ({@link RawKernel#VECTOR_MODULE}), once the vector decoders take over
 * ({@link RawKernel#vectorAfterBytes}): users of the Java API who do not add the module get the
 * scalar decoder, and the {@code leinao} launcher adds it.
 *
 * <p>Why: the scalar loop spends ~27 instructions on each event (docs/events-throughput.md,
 * seventh pass); a vector of words is classified (CD or not), range-checked, split into time low, x,
 * y and polarity and stored with a few instructions per lane. Every lane is stored, also those past
 * the first word that is not a CD event; the count moves only past the CD words before it, so the
 * next vector overwrites the rest. That word is then decoded alone (a TIME_HIGH, a skipped word), and
 * anything wrong (an unknown type, an event outside the sensor before it) makes {@link #decode}
 * return -1 with the kernel's state untouched, for the checked decoder to report.
 */
final class Evt2Vector {

    /** Words per vector: the widest shape of at least 256 bits the platform prefers. */
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int LANES = INTS.length();
    /** The words' bytes, as loaded from the buffer's array. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    /** Times: two long vectors per vector of words. */
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LONG_LANES = LONGS.length();
    /** x and y: half the bits of the words. */
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class,
            VectorShape.forBitSize(Math.max(64, INTS.vectorBitSize() / 2)));
    /** Polarities: a quarter of the bits (64 at least, a shape that exists, when not {@link #usable}). */
    private static final VectorSpecies<Byte> POLARITIES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, INTS.vectorBitSize() / 4)));
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Evt2Vector() {
    }

    /**
     * Whether vectors help here: 256 bits or more (so that a quarter is still a vector shape) and
     * little-endian lanes (the words are loaded as bytes and reinterpreted).
     */
    static boolean usable() {
        return INTS.vectorBitSize() >= 256 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * Decodes words {@code arr[pos..)} as {@link Evt2Kernel#decode} does, a vector at a time while a
     * whole vector of words and of events fits before {@code end} and {@code room}; the kernel's
     * scalar loop decodes what is left. On success sets the kernel's {@code pos}, time high,
     * skipped count and first TIME_HIGH and returns the new event count.
     *
     * @param c the packed range-check constant of {@link Evt2Kernel#decode}
     * @return the new event count, or -1, with the kernel's state untouched, when a word is unknown
     *         or an event lies outside the sensor (the checked decoder then reports it)
     */
    static int decode(Evt2Kernel k, byte[] arr, int pos, int end, long[] t, short[] x, short[] y, byte[] p, int n,
            int room, int c) {
        long th = k.timeHigh;
        long skipped = k.skipped;
        boolean thUnknown = k.thUnknown;
        int firstThN = k.firstThN;
        int firstTh = k.firstTh;
        int lastPos = end - 4 * LANES;
        int lastN = room - LANES;
        while (pos <= lastPos && n <= lastN) {
            IntVector w = ByteVector.fromArray(BYTES, arr, pos).reinterpretAsInts();
            // types 0x0 and 0x1 are CD events; the first other word ends the run
            long other = w.compare(VectorOperators.UGE, 0x2000_0000).toLong();
            // the packed range check of the scalar loop: x << 16 | y plus c sets bit 31 or 15
            IntVector xy = w.lanewise(VectorOperators.LSHL, 5).and(0x07FF_0000).or(w.and(0x7FF));
            long outside = xy.add(c).and(0x8000_8000).compare(VectorOperators.NE, 0).toLong();
            int cd = Long.numberOfTrailingZeros(other | 1L << LANES);
            if ((outside & ((1L << cd) - 1)) != 0) {
                return -1;
            }
            IntVector low = w.lanewise(VectorOperators.LSHR, 22).and(0x3F);
            for (int part = 0; part < LANES / LONG_LANES; part++) {
                ((LongVector) low.convertShape(VectorOperators.I2L, LONGS, part)).or(th).intoArray(t, n + part * LONG_LANES);
            }
            ((ShortVector) w.lanewise(VectorOperators.LSHR, 11).and(0x7FF).convertShape(VectorOperators.I2S, SHORTS, 0))
                    .intoArray(x, n);
            ((ShortVector) w.and(0x7FF).convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(y, n);
            ((ByteVector) w.lanewise(VectorOperators.LSHR, 28).convertShape(VectorOperators.I2B, POLARITIES, 0))
                    .intoArray(p, n);
            n += cd;
            pos += 4 * cd;
            if (cd < LANES) {
                // the word that ended the run, alone
                int word = (int) INT.get(arr, pos);
                int type = word >>> 28;
                if (type == 0x8) {
                    th = Evt2Kernel.nextTimeHigh(th, word);
                    if (thUnknown) {
                        thUnknown = false;
                        firstThN = n;
                        firstTh = word & 0x0FFF_FFFF;
                    }
                } else if (type == 0xA || type == 0xE || type == 0xF) {
                    skipped++;
                } else {
                    return -1;
                }
                pos += 4;
            }
        }
        k.timeHigh = th;
        k.skipped = skipped;
        k.thUnknown = thUnknown;
        k.firstThN = firstThN;
        k.firstTh = firstTh;
        k.pos = pos;
        return n;
    }
}
