package org.leinao.events.format.prophesee;

import java.lang.invoke.VarHandle;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.leinao.events.io.EventFormatException;

/**
 * EVT 3.0 decoded in two vector passes over a stretch of words, the way {@link Evt3Kernel#decode}
 * takes them once the vector decoders decode.
 *
 * <p>Why two passes: a window of words that holds a vector word costs {@link Evt3Vector} about 2.5
 * times as much as one that holds none (the window splits at every vector word, with a scalar step
 * and unpredictable branches for each), and on the benchmark's stream a third of the events come
 * from vector words (docs/events.md, eleventh pass). So the first pass ({@link #expand}) rewrites a
 * stretch of words into a private stream in which every vector word has become the ADDR_X words of
 * its events (the VECT_BASE_X words are dropped, their effect kept in the kernel), and the second
 * ({@link #plain}) decodes that stream, in which every window is one run of ADDR_Y, ADDR_X and
 * TIME_LOW words up to a TIME_HIGH. In the private stream an event after the first of a vector word
 * is word type 0x3 (a VECT_BASE_X never is there), so that bits 12-11 give the polarity with the
 * continuation bit of a chunk decoder ({@link Evt3Kernel#cont()}).
 *
 * <p>The first pass stops before anything the word-by-word path has to judge: a word a decoder skips
 * (rare), an unknown word type, a vector word whose base x a chunk decoder does not know, a vector
 * word reaching past the sensor, and the last words of the buffer or of the batch's room (it takes
 * only windows whose events all fit, as {@link Evt3Vector} does, so batches end where a word-by-word
 * decoder ends them). Those go
 * through {@link Evt3Vector#decode}; so does the whole stretch again, from the state before it, when
 * the second pass meets an event outside the sensor, so that errors name the file's word.
 */
final class Evt3TwoPass {

    // the vector shapes and the lane tables of Evt3Vector, which this decoder shares
    private static final VectorSpecies<Short> SHORTS = Evt3Vector.SHORTS;
    private static final int LANES = Evt3Vector.LANES;
    private static final VectorSpecies<Byte> BYTES = Evt3Vector.BYTES;
    private static final VectorSpecies<Long> LONGS = Evt3Vector.LONGS;
    private static final int LONG_LANES = Evt3Vector.LONG_LANES;
    private static final VectorSpecies<Byte> POLARITIES = Evt3Vector.POLARITIES;
    private static final ShortVector UP_TO_LOW = Evt3Vector.UP_TO_LOW;
    private static final ShortVector UP_TO_HIGH = Evt3Vector.UP_TO_HIGH;
    /** Lane i: i. */
    private static final ShortVector IOTA = ShortVector.zero(SHORTS).addIndex(1);
    /** 0 in lane 0, bit 12 in the others: the continuation mark of a vector word's later events. */
    private static final ShortVector CONT_AFTER_FIRST = IOTA.min((short) 1).lanewise(VectorOperators.LSHL, 12);
    /**
     * Lane t: the first pass's class of word type t: 1 (ADDR_Y, ADDR_X, TIME_LOW, TIME_HIGH: kept as
     * they are), 2 (VECT_BASE_X), 3 (VECT_12, VECT_8), 0 (left to the word-by-word path: the types a
     * decoder skips, which are rare, and the unknown ones).
     */
    private static final ShortVector CLASSES;
    private static final VarHandle SHORT = Evt3Vector.SHORT;
    /** Fills the private stream after its end: a type the second pass stops at (never in it otherwise). */
    private static final short END = (short) 0xFFFF;
    /** Words of input taken per round (they and the private stream stay in the level-1 cache). */
    static final int ROUND = 4096;
    /**
     * The private stream's capacity: two rounds (a round of input grows by about a sixth on the
     * benchmark's stream; more stops the round early), a window of vector words (12 events each),
     * padding.
     */
    static final int CAPACITY = 2 * ROUND + 12 * 32 + 2 * 32;

    static {
        short[] classes = new short[LANES];
        classes[0x0] = 1;
        classes[0x2] = 1;
        classes[0x3] = 2;
        classes[0x4] = 3;
        classes[0x5] = 3;
        classes[0x6] = 1;
        classes[0x8] = 1;
        CLASSES = ShortVector.fromArray(SHORTS, classes, 0);
    }

    private Evt3TwoPass() {
    }

    /** {@link Evt3Kernel#decode}'s contract. */
    static int decode(Evt3Kernel k, byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y,
            byte[] p, int n, int room, int w, int h) throws EventFormatException {
        short[] s = k.expanded();
        int wLim = Math.min(w, 2048);
        while (pos < end && n < room) {
            Evt3Kernel before = k.roundStart();
            before.restore(k);
            int len = expand(k, arr, pos, end, s, room - LANES - n, wLim);
            int to = k.expandedTo;
            if (to > pos) {
                int m = plain(k, s, len, t, x, y, p, n, w, h);
                if (m < 0) {
                    // an event outside the sensor: from the state before the stretch, word by word
                    k.restore(before);
                    return Evt3Vector.decode(k, arr, pos, end, arrOffset, t, x, y, p, n, room, w, h);
                }
                n = m;
                pos = to;
                if (k.expandFull) {
                    continue;
                }
            }
            if (pos >= end || n >= room) {
                break;
            }
            // the word the first pass stopped at, or the last words of the buffer or of the room
            boolean tail = k.expandTail;
            n = Evt3Vector.decode(k, arr, pos, tail ? end : pos + 2, arrOffset, t, x, y, p, n, room, w, h);
            if (k.stopped) {
                return n;
            }
            pos = k.pos;
            if (tail) {
                return n;
            }
        }
        k.pos = pos;
        return n;
    }

    /**
     * The first pass: rewrites words from {@code arr[pos]} into {@code s} (see the class comment),
     * at most {@link #ROUND} and as many as hold at most {@code budget} events, and ends the stream
     * with {@link #END}. Sets {@link Evt3Kernel#expandedTo} to the index after the last word taken,
     * {@link Evt3Kernel#expandFull} when it stopped for the round's size only, and
     * {@link Evt3Kernel#expandTail} when it stopped in the buffer's last words or for the budget.
     *
     * @return the private stream's length in words
     */
    static int expand(Evt3Kernel k, byte[] arr, int pos, int end, short[] s, int budget, int wLim) {
        // First a loop that only classifies the round's windows (their masks into the kernel's
        // arrays), then one that writes the private stream: in one loop, the vector-word code made
        // the whole loop four times slower (register pressure), even for windows that skip it.
        long[] drops = k.drops();
        long[] vectors = k.vectorMasks();
        int[] xs = k.xCounts();
        int lastPos = Math.min(end - 2 * LANES, pos + 2 * ROUND - 2 * LANES);
        int windows = 0;
        int take = LANES;
        for (int p = pos; p <= lastPos; p += 2 * LANES) {
            ShortVector wv = ByteVector.fromArray(BYTES, arr, p).reinterpretAsShorts();
            // each word's class from its type: 1 kept as it is, 2 VECT_BASE_X, 3 a vector word,
            // 0 left to the word-by-word path
            ShortVector type = wv.lanewise(VectorOperators.LSHR, 12);
            ShortVector cls = type.selectFrom(CLASSES);
            long other = cls.compare(VectorOperators.EQ, (short) 0).toLong();
            take = Long.numberOfTrailingZeros(other | 1L << LANES);
            long window = (1L << take) - 1;
            drops[windows] = cls.compare(VectorOperators.GT, (short) 1).toLong() & window;
            vectors[windows] = cls.compare(VectorOperators.EQ, (short) 3).toLong() & window;
            xs[windows] = Long.bitCount(type.compare(VectorOperators.EQ, (short) 0x2).toLong() & window);
            windows++;
            if (take < LANES) {
                break;
            }
        }
        // the windows that ended the loop: the round's size, the buffer's last words, or a word
        // left to the word-by-word path (in the last window)
        boolean full = take == LANES && lastPos < end - 2 * LANES && pos + 2 * LANES * windows > lastPos;
        boolean tail = take == LANES && !full;
        int len = 0;
        int events = 0;
        int base = k.baseX;
        int pol = k.pol;
        boolean known = k.baseKnown;
        // the continuation mark of a vector word's later events: type 0x3 instead of 0x2
        ShortVector cont = k.cont() == 0 ? ShortVector.zero(SHORTS) : CONT_AFTER_FIRST;
        int to = -1; // where the words taken end, when a vector word stops the stream
        int w = 0;
        for (; w < windows; w++) {
            int at = pos + 2 * LANES * w;
            long drop = drops[w];
            long mV = vectors[w];
            if (len >= 2 * ROUND) {
                full = true; // more than the private stream takes in a round
                tail = false;
                break;
            }
            int words = w == windows - 1 ? take : LANES;
            // the window's events: at most one per word, twelve per vector word
            if (events + words + 11 * Long.bitCount(mV) > budget) {
                full = false;
                tail = true;
                break;
            }
            events += xs[w];
            ShortVector wv = ByteVector.fromArray(BYTES, arr, at).reinterpretAsShorts();
            if (drop == 0) {
                wv.intoArray(s, len);
                len += words;
                continue;
            }
            long keep = (words == LANES ? -1L >>> 64 - LANES : (1L << words) - 1) & ~drop;
            long bases = drop & ~mV;
            int stopAt = -1;
            for (long sp = mV; sp != 0; sp &= sp - 1) {
                int lane = Long.numberOfTrailingZeros(sp);
                long below = (1L << lane) - 1;
                // the kept words before it (none: a store len does not count)
                long seg = keep & below;
                wv.compress(VectorMask.fromLong(SHORTS, seg)).intoArray(s, len);
                len += Long.bitCount(seg);
                keep &= ~seg;
                long bs = bases & below;
                if (bs != 0) {
                    int wb = (char) (short) SHORT.get(arr, at + 2 * (63 - Long.numberOfLeadingZeros(bs)));
                    base = wb & 0x7FF;
                    pol = wb >>> 11 & 1;
                    known = true;
                    bases &= ~below;
                }
                int word = (char) (short) SHORT.get(arr, at + 2 * lane);
                int bits = 12 - (word >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                int mask = word & ((1 << bits) - 1);
                if (!known || mask != 0 && base + 31 - Integer.numberOfLeadingZeros(mask) >= wLim) {
                    // left to the word-by-word path: it stops there, or throws
                    stopAt = lane;
                    break;
                }
                // its events as ADDR_X words: base + the positions of the set bits, packed to the
                // front (a table of the positions, as Evt3Kernel.decode has, was slower here: its
                // 64 kB do not stay in the level-1 cache)
                IOTA.add((short) (base | pol << 11 | 0x2000))
                        .compress(VectorMask.fromLong(SHORTS, mask)).or(cont).intoArray(s, len);
                len += Integer.bitCount(mask);
                events += Integer.bitCount(mask);
                base += bits;
            }
            if (stopAt >= 0) {
                to = at + 2 * stopAt;
                full = false;
                tail = false;
                break;
            }
            wv.compress(VectorMask.fromLong(SHORTS, keep)).intoArray(s, len);
            len += Long.bitCount(keep);
            if (bases != 0) {
                int wb = (char) (short) SHORT.get(arr, at + 2 * (63 - Long.numberOfLeadingZeros(bases)));
                base = wb & 0x7FF;
                pol = wb >>> 11 & 1;
                known = true;
            }
        }
        if (to < 0) { // after the last window written, which may have ended before its last lane
            to = pos + 2 * LANES * w - (w == windows && windows > 0 ? 2 * (LANES - take) : 0);
        }
        k.expandedTo = to;
        ShortVector.broadcast(SHORTS, END).intoArray(s, len);
        k.baseX = base;
        k.pol = pol;
        k.baseKnown = known;
        k.expandFull = full;
        k.expandTail = tail;
        return len;
    }

    /**
     * The second pass: decodes the private stream {@code s[0..len)} (ADDR_Y, ADDR_X as types 0x2 and
     * 0x3, TIME_LOW and TIME_HIGH words only) into events from {@code n}, all of which fit.
     *
     * @return the new event count, or -1 at an event outside the sensor
     */
    static int plain(Evt3Kernel k, short[] s, int len, long[] t, short[] x, short[] y, byte[] p, int n, int w,
            int h) {
        ShortVector wLimit = ShortVector.broadcast(SHORTS, (short) Math.min(w, 2048));
        ShortVector hLimit = ShortVector.broadcast(SHORTS, (short) Math.min(h, 2048));
        long high = k.loops << 24 | (long) Math.max(k.timeHigh, 0) << 12;
        int tl = k.timeLow;
        int yy = k.addrY;
        short[] l = k.lows();
        int n0 = n;
        int from = n; // the first event whose time is not stored yet
        int pos = 0;
        while (pos < len) {
            ShortVector wv = ShortVector.fromArray(SHORTS, s, pos);
            ShortVector type = wv.lanewise(VectorOperators.LSHR, 12);
            long mY = type.compare(VectorOperators.EQ, (short) 0x0).toLong();
            long mX = type.or((short) 1).compare(VectorOperators.EQ, (short) 0x3).toLong();
            long mT = type.compare(VectorOperators.EQ, (short) 0x6).toLong();
            int take = Long.numberOfTrailingZeros(~(mY | mX | mT));
            if (take > 0) {
                long window = (1L << take) - 1;
                mY &= window;
                mX &= window;
                mT &= window;
                ShortVector xv = wv.and((short) 0x7FF);
                // Lane by lane, the row and time low in effect: the count of ADDR_Y lanes up to the
                // lane indexes the ADDR_Y values packed to the front; a count of 0 wraps to the last
                // lane of the second vector, the row carried in (as in Evt3Vector)
                ShortVector upY = UP_TO_LOW.and((short) mY).lanewise(VectorOperators.BIT_COUNT)
                        .add(UP_TO_HIGH.and((short) (mY >>> 16)).lanewise(VectorOperators.BIT_COUNT));
                ShortVector rows = upY.sub((short) 1).and((short) (2 * LANES - 1)).selectFrom(
                        xv.compress(VectorMask.fromLong(SHORTS, mY)), ShortVector.broadcast(SHORTS, (short) yy));
                if (((xv.compare(VectorOperators.GE, wLimit).toLong()
                        | rows.compare(VectorOperators.GE, hLimit).toLong()) & mX) != 0) {
                    return -1;
                }
                ShortVector upT = UP_TO_LOW.and((short) mT).lanewise(VectorOperators.BIT_COUNT)
                        .add(UP_TO_HIGH.and((short) (mT >>> 16)).lanewise(VectorOperators.BIT_COUNT));
                ShortVector lows = upT.sub((short) 1).and((short) (2 * LANES - 1)).selectFrom(
                        wv.and((short) 0xFFF).compress(VectorMask.fromLong(SHORTS, mT)),
                        ShortVector.broadcast(SHORTS, (short) tl));
                VectorMask<Short> ev = VectorMask.fromLong(SHORTS, mX);
                int events = Long.bitCount(mX);
                // packed to the front and stored whole; lanes past the count are overwritten next
                xv.compress(ev).intoArray(x, n);
                rows.compress(ev).intoArray(y, n);
                ((ByteVector) wv.lanewise(VectorOperators.LSHR, 11).and((short) 3).compress(ev)
                        .convertShape(VectorOperators.S2B, POLARITIES, 0)).intoArray(p, n);
                lows.compress(ev).intoArray(l, n - n0);
                n += events;
                if (mY != 0) {
                    yy = s[pos + 63 - Long.numberOfLeadingZeros(mY)] & 0x7FF;
                }
                if (mT != 0) {
                    tl = s[pos + 63 - Long.numberOfLeadingZeros(mT)] & 0xFFF;
                }
            }
            if (take == LANES) {
                // a constant step, not take: the next window's load need not wait for this one's
                // classification
                pos += LANES;
                continue;
            }
            pos += take;
            if (pos < len) {
                // a TIME_HIGH (the kernel's step, out of this loop: in it, this rare step's code
                // made every window slower)
                times(l, from - n0, n - n0, high, t, n0);
                from = n;
                high = k.timeHigh(s[pos] & 0xFFF, n);
                pos++;
            }
        }
        times(l, from - n0, n - n0, high, t, n0);
        k.timeLow = tl;
        k.addrY = yy;
        return n;
    }

    /**
     * Stores {@code t[tOff + i] = high | lows[i]} for i in {@code [from, to)}, a vector at a time (up
     * to a vector's worth past {@code to}, which the caller's room allows). Out of {@link #plain} so
     * that C1 can compile that method at all (with the conversions in it, its linear scan ran out of
     * virtual registers, and the method then stayed in C1's code that boxes every vector: passes
     * 60 times slower).
     */
    private static void times(short[] lows, int from, int to, long high, long[] t, int tOff) {
        for (int i = from; i < to; i += LANES) {
            ShortVector v = ShortVector.fromArray(SHORTS, lows, i);
            // four parts with 256- and 512-bit vectors alike; constant parts, else the conversion
            // is not vector code
            ((LongVector) v.convertShape(VectorOperators.S2L, LONGS, 0)).or(high).intoArray(t, tOff + i);
            ((LongVector) v.convertShape(VectorOperators.S2L, LONGS, 1)).or(high).intoArray(t, tOff + i + LONG_LANES);
            ((LongVector) v.convertShape(VectorOperators.S2L, LONGS, 2)).or(high)
                    .intoArray(t, tOff + i + 2 * LONG_LANES);
            ((LongVector) v.convertShape(VectorOperators.S2L, LONGS, 3)).or(high)
                    .intoArray(t, tOff + i + 3 * LONG_LANES);
        }
    }
}
