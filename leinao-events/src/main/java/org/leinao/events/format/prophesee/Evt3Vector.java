package org.leinao.events.format.prophesee;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.leinao.events.io.EventFormatException;

/**
 * EVT 3.0 decoded with the Vector API ({@code jdk.incubator.vector}, JEP 508), loaded only when that
 * module is in the boot layer ({@link RawKernel#VECTOR_MODULE}), once the vector decoders take over
 * ({@link RawKernel#vectorAfterBytes}).
 *
 * <p>A window of words (32 with 512-bit vectors) is decoded at once, up to its first word that is not
 * ADDR_Y, ADDR_X, TIME_LOW, VECT_BASE_X or a vector word (TIME_HIGH, skipped and unknown words go
 * through the kernel's checked decoder alone). Lane by lane, the row and time low in effect are found
 * without a scan: the count of ADDR_Y words up to the lane (two lane-wise bit counts of the window's
 * ADDR_Y mask, cut at the lane) indexes the window's ADDR_Y values packed to the front, or the row
 * carried in when it is 0; the same for TIME_LOW. The ADDR_X events before each vector word are then
 * packed to the front and stored whole (lanes past the count are overwritten by the next events),
 * and the vector word's events are stored as in {@link Evt3Kernel#decode} (eight slots, 8-byte
 * stores), with the base x of the last VECT_BASE_X before it. An event outside the sensor is only
 * noted; the call is then decoded again by the checked decoder from its start, so errors name the
 * word a word-by-word decoder names. A window is taken only when all the events it may hold fit
 * before {@code room}, so batches end where a word-by-word decoder ends them.
 */
final class Evt3Vector {

    static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
    static final int LANES = SHORTS.length();
    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    static final int LONG_LANES = LONGS.length();
    /** Polarities: half the bits of the words. */
    static final VectorSpecies<Byte> POLARITIES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, SHORTS.vectorBitSize() / 2)));
    /** Lane i: the bits of lanes 0..i among mask bits 0-15 (all 16 from lane 16 on). */
    static final ShortVector UP_TO_LOW;
    /** Lane i: the bits of lanes 16..i among mask bits 16-31 (none below lane 16). */
    static final ShortVector UP_TO_HIGH;
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED;

    static {
        short[] lo = new short[LANES];
        short[] hi = new short[LANES];
        for (int i = 0; i < LANES; i++) {
            lo[i] = (short) (i < 16 ? (2 << i) - 1 : 0xFFFF);
            hi[i] = (short) (i < 16 ? 0 : (2 << (i - 16)) - 1);
        }
        UP_TO_LOW = ShortVector.fromArray(SHORTS, lo, 0);
        UP_TO_HIGH = ShortVector.fromArray(SHORTS, hi, 0);
    }

    private Evt3Vector() {
    }

    /** Whether vectors help here: 256 to 512 bits (a mask fits a long) and little-endian lanes. */
    static boolean usable() {
        return SHORTS.vectorBitSize() >= 256 && LANES <= 32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    /** {@link Evt3Kernel#decode} with windows of words decoded as vectors; same contract. */
    static int decode(Evt3Kernel k, byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y,
            byte[] p, int n, int room, int w, int h) throws EventFormatException {
        int start = pos;
        int n0 = n;
        long loops0 = k.loops;
        int timeHigh0 = k.timeHigh;
        int timeLow0 = k.timeLow;
        int addrY0 = k.addrY;
        int baseX0 = k.baseX;
        int pol0 = k.pol;
        boolean baseKnown0 = k.baseKnown;
        boolean thUnknown0 = k.thUnknown;
        int firstThN0 = k.firstThN;
        int firstTh0 = k.firstTh;
        long skipped0 = k.skipped;
        long contMask = k.cont() == 0 ? 0 : Evt3Kernel.CONT8;
        // the packed range check of Evt3Kernel.decode, for vector words
        int c = (0x8000 - Math.min(w, 2048)) << 16 | (0x8000 - Math.min(h, 2048));
        ShortVector wLimit = ShortVector.broadcast(SHORTS, (short) Math.min(w, 2048));
        ShortVector hLimit = ShortVector.broadcast(SHORTS, (short) Math.min(h, 2048));
        int bad = 0;
        long high = k.loops << 24 | (long) Math.max(k.timeHigh, 0) << 12;
        int tl = k.timeLow;
        int yy = k.addrY;
        int lastPos = end - 2 * LANES;
        int lastN = room - LANES;
        MemorySegment xs = MemorySegment.ofArray(x);
        MemorySegment ys = MemorySegment.ofArray(y);
        MemorySegment ps = MemorySegment.ofArray(p);
        // where a window was refused for want of room: the word there goes through the checked decoder
        int refused = -1;
        outer:
        while (pos < end && n < room) {
            if (pos <= lastPos && n <= lastN && pos != refused) {
                ShortVector wv = ByteVector.fromArray(BYTES, arr, pos).reinterpretAsShorts();
                ShortVector type = wv.lanewise(VectorOperators.LSHR, 12);
                long mY = type.compare(VectorOperators.EQ, (short) 0x0).toLong();
                long mX = type.compare(VectorOperators.EQ, (short) 0x2).toLong();
                long mB = type.compare(VectorOperators.EQ, (short) 0x3).toLong();
                long mV = type.compare(VectorOperators.EQ, (short) 0x4).toLong()
                        | type.compare(VectorOperators.EQ, (short) 0x5).toLong();
                long mT = type.compare(VectorOperators.EQ, (short) 0x6).toLong();
                // the window ends at its first other word (the masks have LANES <= 32 bits) and, in a
                // chunk decoder that has not seen a VECT_BASE_X yet, at a vector word before the first
                int len = Long.numberOfTrailingZeros(~(mY | mX | mB | mV | mT));
                if (!k.baseKnown) {
                    long beforeFirstBase = mB == 0 ? -1L : (mB & -mB) - 1;
                    len = Math.min(len, Long.numberOfTrailingZeros(mV & beforeFirstBase));
                }
                long window = (1L << len) - 1;
                mY &= window;
                mX &= window;
                mB &= window;
                mV &= window;
                mT &= window;
                // room for every event the window may hold, and for whole-vector stores after them
                if (len > 0 && n + Long.bitCount(mX) + 12 * Long.bitCount(mV) <= lastN) {
                    ShortVector xv = wv.and((short) 0x7FF);
                    // Lane by lane, the row and time low in effect (those of vector words included):
                    // the count of ADDR_Y lanes up to the lane indexes the ADDR_Y values packed to the
                    // front; a count of 0 wraps to the last lane of the second vector, the row carried
                    // in. (Written out here and not in a method: a method C2 does not inline gets its
                    // vector arguments as objects, allocated per call.)
                    ShortVector upY = UP_TO_LOW.and((short) mY).lanewise(VectorOperators.BIT_COUNT)
                            .add(UP_TO_HIGH.and((short) (mY >>> 16)).lanewise(VectorOperators.BIT_COUNT));
                    ShortVector rows = upY.sub((short) 1).and((short) (2 * LANES - 1)).selectFrom(
                            xv.compress(VectorMask.fromLong(SHORTS, mY)), ShortVector.broadcast(SHORTS, (short) yy));
                    if (((xv.compare(VectorOperators.GE, wLimit).toLong()
                            | rows.compare(VectorOperators.GE, hLimit).toLong()) & mX) != 0) {
                        bad = 0x8000_8000;
                        break;
                    }
                    ShortVector upT = UP_TO_LOW.and((short) mT).lanewise(VectorOperators.BIT_COUNT)
                            .add(UP_TO_HIGH.and((short) (mT >>> 16)).lanewise(VectorOperators.BIT_COUNT));
                    ShortVector lows = upT.sub((short) 1).and((short) (2 * LANES - 1)).selectFrom(
                            wv.and((short) 0xFFF).compress(VectorMask.fromLong(SHORTS, mT)),
                            ShortVector.broadcast(SHORTS, (short) tl));
                    ShortVector pv = wv.lanewise(VectorOperators.LSHR, 11).and((short) 1);
                    long rest = mX;
                    // The ADDR_X events before each vector word, then its events, in file order
                    for (long vs = mV;; vs &= vs - 1) {
                        long before = vs == 0 ? -1L : (vs & -vs) - 1;
                        long seg = rest & before;
                        if (seg != 0) {
                            // packed to the front and stored whole; lanes past the count are
                            // overwritten by the next events
                            VectorMask<Short> ev = VectorMask.fromLong(SHORTS, seg);
                            int events = Long.bitCount(seg);
                            xv.compress(ev).intoArray(x, n);
                            rows.compress(ev).intoArray(y, n);
                            ((ByteVector) pv.compress(ev).convertShape(VectorOperators.S2B, POLARITIES, 0)).intoArray(p, n);
                            ShortVector lowsOut = lows.compress(ev);
                            // two long vectors whatever the count (most windows hold fewer than 16
                            // events); constant parts, else the conversion is not vector code
                            ((LongVector) lowsOut.convertShape(VectorOperators.S2L, LONGS, 0)).or(high).intoArray(t, n);
                            ((LongVector) lowsOut.convertShape(VectorOperators.S2L, LONGS, 1)).or(high)
                                    .intoArray(t, n + LONG_LANES);
                            if (events > 2 * LONG_LANES) {
                                ((LongVector) lowsOut.convertShape(VectorOperators.S2L, LONGS, 2)).or(high)
                                        .intoArray(t, n + 2 * LONG_LANES);
                                ((LongVector) lowsOut.convertShape(VectorOperators.S2L, LONGS, 3)).or(high)
                                        .intoArray(t, n + 3 * LONG_LANES);
                            }
                            n += events;
                            rest &= ~seg;
                        }
                        if (vs == 0) {
                            break;
                        }
                        int v = Long.numberOfTrailingZeros(vs);
                        long bases = mB & before; // a VECT_BASE_X since the previous vector word?
                        long prev = (vs ^ mV) & before; // vector words before this one
                        if (bases != 0 && Long.numberOfLeadingZeros(bases) < Long.numberOfLeadingZeros(prev)) {
                            int wb = (short) SHORT.get(arr, pos + 2 * (63 - Long.numberOfLeadingZeros(bases)));
                            k.baseX = wb & 0x7FF;
                            k.pol = wb >>> 11 & 1;
                            k.baseKnown = true;
                        }
                        long ys0 = mY & before;
                        int row = ys0 == 0 ? yy : (short) SHORT.get(arr, pos + 2 * (63 - Long.numberOfLeadingZeros(ys0))) & 0x7FF;
                        long ts0 = mT & before;
                        int low = ts0 == 0 ? tl : (short) SHORT.get(arr, pos + 2 * (63 - Long.numberOfLeadingZeros(ts0))) & 0xFFF;
                        int word = (char) (short) SHORT.get(arr, pos + 2 * v);
                        // the vector word's events (written out here: a call cost as much as them)
                        int bx = k.baseX;
                        int bits = 12 - (word >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                        int mask = word & ((1 << bits) - 1);
                        bad |= ((bx + 31 - Integer.numberOfLeadingZeros(mask)) << 16 | row) + c;
                        if ((bad & 0x8000_8000) != 0) {
                            break outer;
                        }
                        long time = high | low;
                        int count = Integer.bitCount(mask);
                        if (count <= 8) {
                            // as in Evt3Kernel.decode: eight slots whatever the count (room keeps 11 spare)
                            for (int j = 0; j < 8; j++) {
                                t[n + j] = time;
                            }
                            long bx4 = bx * 0x0001_0001_0001_0001L;
                            long y4 = row * 0x0001_0001_0001_0001L;
                            long at = 2L * n;
                            xs.set(LONG_LAYOUT, at, bx4 + Evt3Kernel.FIRST8[2 * mask]);
                            xs.set(LONG_LAYOUT, at + 8, bx4 + Evt3Kernel.FIRST8[2 * mask + 1]);
                            ys.set(LONG_LAYOUT, at, y4);
                            ys.set(LONG_LAYOUT, at + 8, y4);
                            ps.set(LONG_LAYOUT, n, k.pol * 0x0101_0101_0101_0101L | contMask);
                            n += count;
                        } else {
                            n = Evt3Kernel.vector(mask, bx, row, k.pol, k.cont(), time, t, x, y, p, n);
                        }
                        k.baseX = bx + bits;
                    }
                    // the state after the window
                    long afterLastV = mV == 0 ? -1L : -1L << 63 - Long.numberOfLeadingZeros(mV);
                    long bases = mB & afterLastV;
                    if (bases != 0) {
                        int wb = (short) SHORT.get(arr, pos + 2 * (63 - Long.numberOfLeadingZeros(bases)));
                        k.baseX = wb & 0x7FF;
                        k.pol = wb >>> 11 & 1;
                        k.baseKnown = true;
                    }
                    if (mY != 0) {
                        yy = (short) SHORT.get(arr, pos + 2 * (63 - Long.numberOfLeadingZeros(mY))) & 0x7FF;
                    }
                    if (mT != 0) {
                        tl = (short) SHORT.get(arr, pos + 2 * (63 - Long.numberOfLeadingZeros(mT))) & 0xFFF;
                    }
                    pos += 2 * len;
                    if (len == LANES) {
                        continue;
                    }
                } else {
                    refused = pos;
                }
            }
            // Word by word from the word that ended a window (or in the last words of the buffer or
            // the batch) until a window can start again: vector words here, the rest checked
            while (pos < end && n < room) {
                int word = (char) (short) SHORT.get(arr, pos);
                int wt = word >>> 12;
                if (wt == 0x3) { // VECT_BASE_X
                    k.baseX = word & 0x7FF;
                    k.pol = word >>> 11 & 1;
                    k.baseKnown = true;
                    pos += 2;
                    continue;
                }
                if ((wt == 0x4 || wt == 0x5) && k.baseKnown) { // VECT_12 / VECT_8
                    int bx = k.baseX;
                    int pl = k.pol;
                    int bits = 12 - (word >>> 10 & 4);
                    int mask = word & ((1 << bits) - 1);
                    bad |= ((bx + 31 - Integer.numberOfLeadingZeros(mask)) << 16 | yy) + c;
                    if ((bad & 0x8000_8000) != 0) {
                        break outer;
                    }
                    int count = Integer.bitCount(mask);
                    long time = high | tl;
                    if (count <= 8) {
                        // as in Evt3Kernel.decode: eight slots whatever the count (room keeps 11 spare)
                        for (int j = 0; j < 8; j++) {
                            t[n + j] = time;
                        }
                        long bx4 = bx * 0x0001_0001_0001_0001L;
                        long y4 = yy * 0x0001_0001_0001_0001L;
                        long at = 2L * n;
                        xs.set(LONG_LAYOUT, at, bx4 + Evt3Kernel.FIRST8[2 * mask]);
                        xs.set(LONG_LAYOUT, at + 8, bx4 + Evt3Kernel.FIRST8[2 * mask + 1]);
                        ys.set(LONG_LAYOUT, at, y4);
                        ys.set(LONG_LAYOUT, at + 8, y4);
                        ps.set(LONG_LAYOUT, n, pl * 0x0101_0101_0101_0101L | contMask);
                        n += count;
                    } else {
                        n = Evt3Kernel.vector(mask, bx, yy, pl, k.cont(), time, t, x, y, p, n);
                    }
                    k.baseX = bx + bits;
                    pos += 2;
                    continue;
                }
                if ((wt == 0x0 || wt == 0x2 || wt == 0x6) && pos <= lastPos && n <= lastN && pos != refused) {
                    continue outer;
                }
                k.timeLow = tl;
                k.addrY = yy;
                // a stop returns room, which ends both loops (see Evt3Kernel.decode)
                n = k.decodeChecked(arr, pos, Math.min(end, pos + 2), arrOffset, t, x, y, p, n, room, w, h);
                pos = k.pos;
                high = k.loops << 24 | (long) Math.max(k.timeHigh, 0) << 12;
                tl = k.timeLow;
                yy = k.addrY;
            }
        }
        if ((bad & 0x8000_8000) != 0) {
            // an event outside the sensor: decode this call's words again with every check
            k.loops = loops0;
            k.timeHigh = timeHigh0;
            k.timeLow = timeLow0;
            k.addrY = addrY0;
            k.baseX = baseX0;
            k.pol = pol0;
            k.baseKnown = baseKnown0;
            k.thUnknown = thUnknown0;
            k.firstThN = firstThN0;
            k.firstTh = firstTh0;
            k.skipped = skipped0;
            k.stopped = false;
            int m = k.decodeChecked(arr, start, end, arrOffset, t, x, y, p, n0, room, w, h);
            return k.stopped ? k.stoppedN() : m;
        }
        if (k.stopped) {
            return k.stoppedN();
        }
        k.timeLow = tl;
        k.addrY = yy;
        k.pos = pos;
        return n;
    }
}
