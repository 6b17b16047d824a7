package org.leinao.events.format.prophesee;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.leinao.events.io.EventFormatException;

/**
 * EVT 3.0 decoded in two vector passes over a stretch of words, the way {@link Evt3Kernel#decode}
 * takes them once the vector decoders decode ({@link RawKernel#vectorAfterBytes}), with the Vector
 * API ({@code jdk.incubator.vector}, JEP 508), loaded only when that module is in the boot layer
 * ({@link RawKernel#VECTOR_MODULE}).
 *
 * <p>Why two passes: decoded in one, a window of words that holds a vector word cost about 2.5 times
 * as much as one that holds none (the window split at every vector word, with a scalar step and
 * unpredictable branches for each), and on the benchmark's stream a third of the events come from
 * vector words (docs/events-throughput.md, eleventh pass). So the first pass ({@link #expand}) rewrites a
 * stretch of words into a private stream in which every vector word has become the ADDR_X words of
 * its events (the VECT_BASE_X words are dropped, their effect kept in the kernel), and the second
 * ({@link #plain}) decodes that stream, in which every window is one run of ADDR_Y, ADDR_X and
 * TIME_LOW words up to a TIME_HIGH. In the private stream an event after the first of a vector word
 * is word type 0x3 (a VECT_BASE_X never is there), so that bits 12-11 give the polarity with the
 * continuation bit of a chunk decoder ({@link Evt3Kernel#cont()}).
 *
 * <p>The first pass takes a round of words in two loops. The first, window by window and with no
 * branch on the words but its exits, packs the indexes of the VECT_BASE_X and vector words
 * ("special" words) into an array. The second goes through the special words only: it copies the
 * input's words since the last special word (three whole vectors, more only for a long gap) and, for
 * a vector word, writes its events; a vector word right after a VECT_BASE_X it takes in the same
 * step. Why: going window by window, a window holding vector words went through a loop over them
 * whose trip count the branch predictor cannot know, and each step waited on the last (the kept words
 * before it, then its events, each packed by a mask computed from the one before); one-thread passes
 * took 112-118 ms against 97-101 ms this way (docs/events-throughput.md, thirteenth pass). The
 * first loop used to pack the kept words too, for the second to copy from; copied from the input
 * instead, with the VECT_BASE_X and its vector word in one step, one-thread passes took 0.970 of the
 * time (paired; nineteenth pass).
 *
 * <p>The first pass stops before anything the word-by-word path has to judge: a word a decoder skips
 * (rare), an unknown word type, a vector word whose base x a chunk decoder does not know, a vector
 * word reaching past the sensor (or past x 2047), and the last words of the buffer or of the batch's
 * room (it takes only windows whose events all fit, so batches end where a word-by-word decoder ends
 * them). Those go through the kernel's scalar decoder ({@link Evt3Kernel#decodeScalar}); so does
 * the rest of the buffer, from the state before the stretch, when the second pass meets an event
 * outside the sensor, so that errors name the file's word. The scalar decoder rather than a vector
 * one: it is as fast on a few words, and a vector method that runs rarely was compiled, deoptimised
 * at a path its profile had not seen and compiled again, for seconds running as objects in between
 * (docs/events-throughput.md, thirteenth pass).
 */
final class Evt3TwoPass {

    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
    private static final int LANES = SHORTS.length();
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LONG_LANES = LONGS.length();
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Polarities: half the bits of the words. */
    private static final VectorSpecies<Byte> POLARITIES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, SHORTS.vectorBitSize() / 2)));
    /** Ints in vectors of the shorts' size: int lane k holds short lanes 2k and 2k + 1 (little-endian). */
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHORTS.vectorShape());
    /** Int lane k: the mask bits of lanes 0..2k. */
    private static final IntVector UP_TO_EVEN;
    /** Int lane k: the mask bits of lanes 0..2k+1. */
    private static final IntVector UP_TO_ODD;
    /** Lane i: i. */
    private static final ShortVector IOTA = ShortVector.zero(SHORTS).addIndex(1);
    /** Whether a VECT_12, VECT_12, VECT_8 triple's 32 events fit one vector, packed at once. */
    private static final boolean TRIPLES = LANES == 32;
    /**
     * Lane t: the first pass's class of word type t: 1 (ADDR_Y, ADDR_X, TIME_LOW, TIME_HIGH: kept as
     * they are), 2 (VECT_BASE_X), 3 (VECT_12, VECT_8), 0 (left to the word-by-word path: the types a
     * decoder skips, which are rare, and the unknown ones).
     */
    private static final ShortVector CLASSES;
    /** Fills the private stream after its end: a type the second pass stops at (never in it otherwise). */
    private static final short END = (short) 0xFFFF;
    /** Words of input taken per round (they and the private stream stay in the level-1 cache). */
    static final int ROUND = 4096;
    /**
     * The private stream's capacity: two rounds (a round of input grows by about a sixth on the
     * benchmark's stream; the first pass stops a round whose bound on its length would pass that),
     * then room for the whole vectors stored past its end.
     */
    static final int CAPACITY = 2 * ROUND + 12 * 32 + 2 * 32;

    static {
        int[] even = new int[LANES / 2];
        int[] odd = new int[LANES / 2];
        for (int k = 0; k < LANES / 2; k++) {
            even[k] = (int) ((2L << 2 * k) - 1);
            odd[k] = (int) ((2L << 2 * k + 1) - 1);
        }
        UP_TO_EVEN = IntVector.fromArray(INTS, even, 0);
        UP_TO_ODD = IntVector.fromArray(INTS, odd, 0);
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

    /** Whether vectors help here: 256 to 512 bits (a mask fits a long) and little-endian lanes. */
    static boolean usable() {
        return SHORTS.vectorBitSize() >= 256 && LANES <= 32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * The first pass: rewrites words from {@code arr[pos]} into {@code s} (see the class comment),
     * at most {@link #ROUND} and as many as hold at most {@code budget} events, and ends the stream
     * with {@link #END}. Sets {@link Evt3Kernel#expandedTo} to the index after the last word taken,
     * {@link Evt3Kernel#expandFull} when another round may follow at once (the round's size, or the
     * budget or the private stream's capacity that the next window's bounds would pass), and
     * {@link Evt3Kernel#expandTail} when it stopped in the buffer's last words or when not even the
     * first window's bound fits.
     *
     * @return the private stream's length in words
     */
    static int expand(Evt3Kernel k, byte[] arr, int pos, int end, short[] s, int budget, int wLim) {
        short[] spec = k.specials();
        int lastPos = Math.min(end - 2 * LANES, pos + 2 * ROUND - 2 * LANES);
        // Each window's events are bounded by one per word and twelve per vector word; the sum of
        // those bounds keeps the round within the batch's room and the private stream's capacity.
        // A round that stops for it is followed by another (with the room left then), so near the
        // end of a batch the rounds shrink until not even one window's bound fits.
        int limit = Math.min(budget, 2 * ROUND);
        int sc = 0;
        int bound = 0;
        int p = pos;
        int taken = -1; // where the words taken end, when the loop stops before lastPos
        boolean full = false;
        boolean tail = false;
        boolean budgetHit = false;
        for (; p <= lastPos; p += 2 * LANES) {
            ShortVector wv = ByteVector.fromArray(BYTES, arr, p).reinterpretAsShorts();
            // each word's class from its type: 1 kept as it is, 2 VECT_BASE_X, 3 a vector word,
            // 0 left to the word-by-word path
            ShortVector type = wv.lanewise(VectorOperators.LSHR, 12);
            ShortVector cls = type.selectFrom(CLASSES);
            long other = cls.compare(VectorOperators.EQ, (short) 0).toLong();
            int take = Long.numberOfTrailingZeros(other | 1L << LANES);
            long window = (1L << take) - 1;
            long drop = cls.compare(VectorOperators.GT, (short) 1).toLong() & window;
            long mV = cls.compare(VectorOperators.EQ, (short) 3).toLong() & window;
            int most = take + 11 * Long.bitCount(mV);
            if (bound + most > limit) {
                taken = p;
                full = bound > 0;
                tail = !full;
                budgetHit = limit < 2 * ROUND;
                break;
            }
            bound += most;
            // the special words' indexes in the round packed
            VectorMask<Short> dm = VectorMask.fromLong(SHORTS, drop);
            IOTA.add((short) (p - pos >>> 1)).compress(dm).intoArray(spec, sc);
            sc += Long.bitCount(drop);
            if (take < LANES) {
                taken = p + 2 * take;
                break;
            }
        }
        if (taken < 0) {
            taken = p;
            full = lastPos < end - 2 * LANES;
            tail = !full;
        }
        int len = 0;
        int prev = 0; // the round's index after the last special word handled
        int base = k.baseX;
        int pol = k.pol;
        boolean known = k.baseKnown;
        // the continuation mark of a vector word's later events: type 0x3 instead of 0x2
        boolean contOn = k.cont() != 0;
        int stop = -1; // the special word left to the word-by-word path
        for (int i = 0; i < sc; i++) {
            int si = spec[i];
            int sw = (char) (short) SHORT.get(arr, pos + 2 * si);
            // the words kept as they are since the last special word, straight from the input
            if (si != prev) {
                len = copy(arr, pos + 2 * prev, si - prev, s, len);
            }
            prev = si + 1;
            if (sw >>> 12 == 0x3) {
                base = sw & 0x7FF;
                pol = sw >>> 11 & 1;
                known = true;
                // the vector word right after it, taken here (as a sensor writes them, and the
                // benchmark's generator)
                if (i + 1 == sc || spec[i + 1] != si + 1) {
                    continue;
                }
                sw = (char) (short) SHORT.get(arr, pos + 2 * si + 2);
                if (sw >>> 12 == 0x3) {
                    continue;
                }
                i++;
                si++;
                prev = si + 1;
            }
            int bits = 12 - (sw >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
            int mask = sw & ((1 << bits) - 1);
            int firsts = mask & -mask; // the first event of each vector word has no continuation mark
            int words = 1;
            if (TRIPLES && bits == 12 && i + 2 < sc && spec[i + 2] == si + 2) {
                // VECT_12, VECT_12, VECT_8 as a sensor emits them (and Metavision reads them): one
                // 32-bit mask, one packing (with a packing per word, files of such triples took
                // ~25 % longer on one thread)
                int w2 = (char) (short) SHORT.get(arr, pos + 2 * si + 2);
                int w3 = (char) (short) SHORT.get(arr, pos + 2 * si + 4);
                if (w2 >>> 12 == 0x4 && w3 >>> 12 == 0x5) {
                    int m2 = (w2 & 0xFFF) << 12;
                    int m3 = (w3 & 0xFF) << 24;
                    mask |= m2 | m3;
                    firsts |= m2 & -m2 | m3 & -m3;
                    bits = 32;
                    words = 3;
                }
            }
            if (!known || mask != 0 && base + 31 - Integer.numberOfLeadingZeros(mask) >= wLim) {
                // left to the word-by-word path (after the kept words before it): it stops there
                // (a chunk decoder without the base), throws (past the sensor) or decodes the word
                // (past x 2047 on a sensor wider than 2048)
                stop = i;
                break;
            }
            // its events as ADDR_X words: base + the positions of the set bits, packed to the
            // front (a table of the positions, as Evt3Kernel.decodeScalar has, was slower here: its
            // 64 kB do not stay in the level-1 cache)
            long marks = contOn ? (mask & ~firsts) & 0xFFFF_FFFFL : 0;
            IOTA.add((short) (base | pol << 11 | 0x2000))
                    .lanewise(VectorOperators.OR, (short) 0x1000, VectorMask.fromLong(SHORTS, marks))
                    .compress(VectorMask.fromLong(SHORTS, mask & 0xFFFF_FFFFL)).intoArray(s, len);
            len += Integer.bitCount(mask);
            base += bits;
            i += words - 1;
            prev = si + words;
        }
        if (stop < 0) {
            len = copy(arr, pos + 2 * prev, (taken - pos >>> 1) - prev, s, len);
        } else {
            taken = pos + 2 * spec[stop];
            full = false;
            tail = false;
        }
        k.expandedTo = taken;
        ShortVector.broadcast(SHORTS, END).intoArray(s, len);
        k.baseX = base;
        k.pol = pol;
        k.baseKnown = known;
        k.expandFull = full;
        k.expandTail = tail;
        k.expandBudget = budgetHit && stop < 0;
        return len;
    }

    /**
     * Copies {@code gap} words from {@code arr[from]} to {@code s[len]}: three whole vectors whatever
     * the gap (the lanes past it are overwritten next), a loop only for a longer one (two vectors and
     * the loop beyond: paired ratio 1.010-1.014, docs/events-throughput.md, thirteenth pass), word by
     * word near the end of the array.
     *
     * @return {@code len + gap}
     */
    private static int copy(byte[] arr, int from, int gap, short[] s, int len) {
        // whole vectors up to the gap's end, and at least three, within the array
        if (from + 2 * Math.max(gap, 2 * LANES) + 2 * LANES <= arr.length) {
            ByteVector.fromArray(BYTES, arr, from).reinterpretAsShorts().intoArray(s, len);
            ByteVector.fromArray(BYTES, arr, from + 2 * LANES).reinterpretAsShorts().intoArray(s, len + LANES);
            ByteVector.fromArray(BYTES, arr, from + 4 * LANES).reinterpretAsShorts().intoArray(s, len + 2 * LANES);
            for (int g = 3 * LANES; g < gap; g += LANES) {
                ByteVector.fromArray(BYTES, arr, from + 2 * g).reinterpretAsShorts().intoArray(s, len + g);
            }
        } else {
            for (int g = 0; g < gap; g++) {
                s[len + g] = (short) SHORT.get(arr, from + 2 * g);
            }
        }
        return len + gap;
    }

    /** {@link Evt3Kernel#decode}'s contract. */
    static int decode(Evt3Kernel k, byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y,
            byte[] p, int n, int room, int w, int h) throws EventFormatException {
        short[] s = k.expanded();
        int wLim = Math.min(w, 2048);
        k.looseStopped = false;
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
                    return k.decodeScalar(arr, pos, end, arrOffset, t, x, y, p, n, room, w, h);
                }
                n = m;
                pos = to;
                if (k.expandFull && !looseEnd(k, n, room)) {
                    continue;
                }
            }
            if (pos >= end || n >= room || looseEnd(k, n, room)) {
                break;
            }
            // the word the first pass stopped at, or the last words of the buffer or of the room
            boolean tail = k.expandTail;
            n = k.decodeScalar(arr, pos, tail ? end : pos + 2, arrOffset, t, x, y, p, n, room, w, h);
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
     * Whether a {@link RawKernel#looseRoom} decode ends here: the first pass stopped for the room and
     * at most {@link RawKernel#LOOSE_ROOM} events are left of it. Filled exactly, the end of the room
     * took rounds ever smaller (a bound of 12 events per vector word against ~3-4 on the benchmark's
     * stream), about ten of them a batch, and then the word-by-word path
     * (docs/events-throughput.md, seventeenth pass).
     */
    private static boolean looseEnd(Evt3Kernel k, int n, int room) {
        if (k.looseRoom && k.expandBudget && room - n <= RawKernel.LOOSE_ROOM) {
            k.looseStopped = true;
            return true;
        }
        return false;
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
        int hh = Math.min(h, 2048);
        ShortVector hLimit = ShortVector.broadcast(SHORTS, (short) hh);
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
                // Lane by lane, the row and time low in effect: the value of the last ADDR_Y (TIME_LOW)
                // lane up to the lane, or the one carried in
                ShortVector rows = lastOf((int) mY).selectFrom(xv, ShortVector.broadcast(SHORTS, (short) yy));
                // Checked on the words themselves (an ADDR_X past the width, an ADDR_Y past the
                // height, or such a row carried in), and by each event's row only then: the rows
                // come last in the window's chain of packings, and a branch on them held up every
                // window (one-thread passes 0.985 of the time, docs/events-throughput.md,
                // eighteenth pass). A row past the height is an error only for the events in it.
                // The width's compare is made again inside, not kept from the first: kept in a
                // local across the branch, one-thread passes took 1.03 of the time (paired).
                if ((xv.compare(VectorOperators.GE, wLimit).toLong() & mX
                        | xv.compare(VectorOperators.GE, hLimit).toLong() & mY) != 0 || yy >= hh) {
                    if (((xv.compare(VectorOperators.GE, wLimit).toLong()
                            | rows.compare(VectorOperators.GE, hLimit).toLong()) & mX) != 0) {
                        return -1;
                    }
                }
                ShortVector lows = lastOf((int) mT).selectFrom(wv.and((short) 0xFFF),
                        ShortVector.broadcast(SHORTS, (short) tl));
                VectorMask<Short> ev = VectorMask.fromLong(SHORTS, mX);
                int events = Long.bitCount(mX);
                // packed to the front and stored whole; lanes past the count are overwritten next
                // x and polarity from one packing of the words (one packing less per window:
                // one-thread passes 0.968 of the time, docs/events-throughput.md, thirteenth pass)
                ShortVector packed = wv.compress(ev);
                packed.and((short) 0x7FF).intoArray(x, n);
                rows.compress(ev).intoArray(y, n);
                ((ByteVector) packed.lanewise(VectorOperators.LSHR, 11).and((short) 3)
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
     * Lane i: the last lane up to i whose bit is set in {@code m}, or {@code 2 * LANES - 1} when there
     * is none (for a two-vector {@code selectFrom}, the lane of the value carried in): the leading
     * zeros of the mask's bits up to the lane, two lanes to an int. The count of set bits up to the
     * lane indexing the values packed to the front took two broadcasts, two 16-bit bit counts and a
     * packing per mask where this takes one broadcast and no packing: one-thread passes 0.954 of the
     * time (paired; docs/events-throughput.md, twentieth pass).
     */
    private static ShortVector lastOf(int m) {
        IntVector b = IntVector.broadcast(INTS, m);
        IntVector even = b.and(UP_TO_EVEN).lanewise(VectorOperators.LEADING_ZEROS_COUNT);
        IntVector odd = b.and(UP_TO_ODD).lanewise(VectorOperators.LEADING_ZEROS_COUNT);
        // 31 - lz is the lane, lz ^ 31 alike; no bit: lz 32, 32 ^ 31 = 63
        ShortVector lanes = odd.lanewise(VectorOperators.LSHL, 16).or(even).lanewise(VectorOperators.XOR, 0x001F_001F)
                .reinterpretAsShorts();
        // with 16 lanes, no bit gives 63 as well, to become 31
        return LANES == 32 ? lanes : lanes.and((short) (2 * LANES - 1));
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
