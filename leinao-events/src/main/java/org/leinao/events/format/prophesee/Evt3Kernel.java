package org.leinao.events.format.prophesee;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.io.EventFormatException;

/**
 * The EVT 3.0 state machine ({@link Evt3Reader} describes the words), decoding optimistically: a
 * fast loop takes the groups nearly every event comes in, {@code [TIME_LOW] ADDR_Y ADDR_X} (in an
 * inner loop of their own), {@code [TIME_LOW] ADDR_X} and {@code [TIME_LOW] ADDR_Y VECT_BASE_X
 * VECT_12/8}, one group per iteration, and notes rather than reports an event outside the sensor;
 * every other word goes one at a time through {@link #decodeChecked}, the plain state machine with
 * every check in place. When the fast loop noted an event outside the sensor, the state is reset to
 * the start of the call and {@code decodeChecked} decodes it again, so errors name the same word,
 * with the same message, as a word-by-word decoder would. (See docs/events-throughput.md for what
 * was measured and tried.)
 */
final class Evt3Kernel extends RawKernel {

    /** A VECT_12 word yields up to 12 events. */
    static final int MIN_ROOM = 12;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED;

    /**
     * For each 12-bit vector mask, the positions of its first eight set bits as eight 16-bit lanes
     * (entries 2m and 2m + 1), to be added to four copies of the base x and stored as four shorts
     * (lanes in the platform's order, as the array views store them).
     */
    static final long[] FIRST8 = new long[2 << 12];

    /** Bit 1 in the polarity bytes of slots 1-7 of an 8-byte store, slot 0 being the lowest address. */
    static final long CONT8 = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? 0x0202_0202_0202_0200L : 0x0002_0202_0202_0202L;

    static {
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int m = 0; m < 1 << 12; m++) {
            int j = 0;
            for (int mm = m; mm != 0 && j < 8; mm &= mm - 1, j++) {
                int lane = little ? j % 4 : 3 - j % 4;
                FIRST8[2 * m + j / 4] |= (long) Integer.numberOfTrailingZeros(mm) << 16 * lane;
            }
        }
    }

    long loops;
    int timeHigh = -1;
    int timeLow;
    int addrY;
    int baseX;
    int pol;
    /** False in a chunk decoder until its first VECT_BASE_X: a vector word then stops it. */
    boolean baseKnown = true;
    /**
     * 0 in a file-order decoder. A chunk decoder sets bit 1 of the polarity of every event but the
     * first of a vector word, so that the hand-over can end a batch where a file-order decoder
     * would: after the word that filled it, never inside one.
     */
    private int cont;
    /**
     * The event count when {@link #decodeChecked} {@link #stopped}: it then returns {@code room}, so
     * that {@link #decodeScalar}'s loop ends on its own condition (see there).
     */
    private int stoppedN;

    /**
     * The wrap count {@link #sync} starts from: a chunk decoder's guess of the count before its
     * chunk ({@link #assume}); 0 when it has none. Kept in snapshots, so that the hand-over fixes up
     * only the difference to the exact count.
     */
    private long guessLoops;
    /** The time high {@link #sync} starts from, the guess of the time high before the chunk; -1 when none. */
    private int guessTimeHigh = -1;

    /** {@link Evt3TwoPass}'s private stream of words (made when first needed). */
    private short[] expanded;
    /** {@link Evt3TwoPass#plain}'s time lows, event by event (made when first needed). */
    private short[] lows;
    /** The indexes of {@link Evt3TwoPass#expand}'s special words in a round (made when first needed). */
    private short[] specials;
    /** The state at the start of an {@link Evt3TwoPass} stretch (made when first needed). */
    private Evt3Kernel roundStart;
    /** Where {@link Evt3TwoPass#expand} stopped in the input. */
    int expandedTo;
    /** Whether {@link Evt3TwoPass#expand} stopped where another round may follow at once. */
    boolean expandFull;
    /** Whether {@link Evt3TwoPass#expand} stopped in the buffer's last words or for the batch's room. */
    boolean expandTail;
    /** Whether {@link Evt3TwoPass#expand} stopped for the batch's room. */
    boolean expandBudget;

    /** Whether {@link #decode} is {@link Evt3TwoPass}'s; tests set {@link #vectorForNewKernels} false. */
    private final boolean vector = vectorForNewKernels;

    /** Whether new kernels decode with {@link Evt3TwoPass} (once {@link #vectorNow}); tests set it false. */
    static volatile boolean vectorForNewKernels = VECTOR_MODULE;

    Evt3Kernel(Path file, String sensorText) {
        super(file, sensorText);
    }

    /** {@link Evt3TwoPass}'s private stream. */
    short[] expanded() {
        if (expanded == null) {
            expanded = new short[Evt3TwoPass.CAPACITY];
        }
        return expanded;
    }

    /** Where {@link Evt3TwoPass#expand}'s VECT_BASE_X and vector words are in a round (made when first needed). */
    short[] specials() {
        if (specials == null) {
            specials = new short[Evt3TwoPass.ROUND + 2 * 32];
        }
        return specials;
    }

    /** A kernel kept for {@link Evt3TwoPass} to hold the state at the start of a stretch. */
    Evt3Kernel roundStart() {
        if (roundStart == null) {
            roundStart = (Evt3Kernel) newKernel();
        }
        return roundStart;
    }

    /** {@link Evt3TwoPass#plain}'s time lows. */
    short[] lows() {
        if (lows == null) {
            lows = new short[Evt3TwoPass.CAPACITY + 64];
        }
        return lows;
    }

    /** The continuation bit a chunk decoder sets in polarities (0 in a file-order decoder). */
    int cont() {
        return cont;
    }

    /** The event count when {@link #decodeChecked} stopped. */
    int stoppedN() {
        return stoppedN;
    }

    @Override
    int wordSize() {
        return 2;
    }

    @Override
    int spare() {
        return MIN_ROOM - 1;
    }

    @Override
    int decode(byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y, byte[] p, int n, int room,
            int w, int h) throws EventFormatException {
        if (vector && vectorNow()) {
            return Evt3TwoPass.decode(this, arr, pos, end, arrOffset, t, x, y, p, n, room, w, h);
        }
        return decodeScalar(arr, pos, end, arrOffset, t, x, y, p, n, room, w, h);
    }

    /**
     * {@link #decode} without vectors: runs of the common word groups in a fast loop, every other
     * word through {@link #decodeChecked}. Also what {@link Evt3TwoPass} leaves to the word-by-word
     * path.
     */
    int decodeScalar(byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y, byte[] p, int n,
            int room, int w, int h) throws EventFormatException {
        int start = pos;
        int n0 = n;
        long loops0 = loops;
        int timeHigh0 = timeHigh;
        int timeLow0 = timeLow;
        int addrY0 = addrY;
        int baseX0 = baseX;
        int pol0 = pol;
        boolean baseKnown0 = baseKnown;
        boolean thUnknown0 = thUnknown;
        int firstThN0 = firstThN;
        int firstTh0 = firstTh;
        long skipped0 = skipped;
        long contMask = cont == 0 ? 0 : CONT8;
        // Range check of a packed (x << 16 | y): adding c sets bit 31 when x >= w and bit 15 when
        // y >= h (x, y < 2^15; a limit above 2048 never fails for 11-bit fields, hence the min)
        int c = (0x8000 - Math.min(w, 2048)) << 16 | (0x8000 - Math.min(h, 2048));
        int bad = 0;
        long time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
        int yy = addrY;
        int last8 = end - 8;
        // views of the batch's x, y and p arrays for the vector fast path's 8-byte stores
        MemorySegment xs = MemorySegment.ofArray(x);
        MemorySegment ys = MemorySegment.ofArray(y);
        MemorySegment ps = MemorySegment.ofArray(p);
        while (pos < end && n < room) {
            // the fast loop may read 8 bytes at pos and emit 12 events per 2 bytes without checking
            int lim = Math.min(last8, pos + 2 * ((room - n) / MIN_ROOM - 1));
            if (pos <= lim) {
                // tl is 1 when the group at pos starts with a TIME_LOW: it is folded in by shift and
                // mask, not by a branch; the next group's tl is read from the words already loaded
                int tl = isTimeLow((char) (short) SHORT.get(arr, pos));
                while (pos <= lim) {
                    // A run of [TIME_LOW] ADDR_Y ADDR_X groups, one event per iteration, so the event
                    // index is the loop counter and the four stores need no bounds checks. A group
                    // takes at most 6 bytes, so pos stays within lim.
                    int k = Math.min(room - n, (lim - pos) / 6 + 1);
                    int i = 0;
                    for (; i < k; i++) {
                        long q = (long) LONG.get(arr, pos);
                        int sh = tl << 4;
                        int r = (int) (q >>> sh);
                        if ((r & 0xF000_F000) != 0x2000_0000) {
                            break;
                        }
                        int tw = -tl & 0xFFF;
                        time = time & ~tw | (int) q & tw;
                        int xy = r & 0x07FF_07FF;
                        bad |= xy + c;
                        t[n + i] = time;
                        x[n + i] = (short) (xy >>> 16);
                        y[n + i] = (short) xy;
                        p[n + i] = (byte) (r >>> 27 & 1);
                        pos += 4 + 2 * tl;
                        tl = isTimeLow((int) (q >>> 32 + sh)); // word 2 + tl
                    }
                    if (i > 0) {
                        n += i;
                        yy = y[n - 1];
                    }
                    if (pos > lim) {
                        break;
                    }
                    long q = (long) LONG.get(arr, pos);
                    int sh = tl << 4;
                    long r = q >>> sh;
                    int tw = -tl & 0xFFF;
                    if (((int) r & 0xF000) == 0x2000) { // [TIME_LOW] ADDR_X: one more event on the row
                        time = time & ~tw | (int) q & tw;
                        int xx = (int) r & 0x7FF;
                        bad |= (xx << 16 | yy) + c;
                        t[n] = time;
                        x[n] = (short) xx;
                        y[n] = (short) yy;
                        p[n] = (byte) ((int) r >>> 11 & 1);
                        n++;
                        pos += 2 + 2 * tl;
                        tl = isTimeLow((int) (q >>> 16 + sh)); // word 1 + tl
                        continue;
                    }
                    if ((r & 0xE000_F000_F000L) == 0x4000_3000_0000L) { // [TIME_LOW] ADDR_Y VECT_BASE_X VECT_12/8
                        time = time & ~tw | (int) q & tw;
                        yy = (int) r & 0x7FF;
                        int wb = (int) (r >>> 16);
                        int bx = wb & 0x7FF;
                        int pl = wb >>> 11 & 1;
                        int wv = (int) (r >>> 32);
                        int bits = 12 - (wv >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                        int mask = wv & ((1 << bits) - 1);
                        bad |= ((bx + 31 - Integer.numberOfLeadingZeros(mask)) << 16 | yy) + c;
                        int count = Integer.bitCount(mask);
                        if (count <= 8) {
                            // Eight slots whatever the count (room keeps 11 spare), so no branch on
                            // it; the slots past count are overwritten by the next events. x, y and
                            // p go as 8-byte stores: four x (base + bit positions from a table),
                            // four y, eight p at a time.
                            for (int j = 0; j < 8; j++) {
                                t[n + j] = time;
                            }
                            long bx4 = bx * 0x0001_0001_0001_0001L;
                            long y4 = yy * 0x0001_0001_0001_0001L;
                            long at = 2L * n;
                            xs.set(LONG_LAYOUT, at, bx4 + FIRST8[2 * mask]);
                            xs.set(LONG_LAYOUT, at + 8, bx4 + FIRST8[2 * mask + 1]);
                            ys.set(LONG_LAYOUT, at, y4);
                            ys.set(LONG_LAYOUT, at + 8, y4);
                            ps.set(LONG_LAYOUT, n, pl * 0x0101_0101_0101_0101L | contMask);
                            n += count;
                        } else {
                            n = vector(mask, bx, yy, pl, cont, time, t, x, y, p, n);
                        }
                        baseX = bx + bits;
                        pol = pl;
                        baseKnown = true;
                        pos += 6 + 2 * tl;
                        tl = isTimeLow((char) (short) SHORT.get(arr, Math.min(pos, lim)));
                        continue;
                    }
                    break;
                }
                if (pos > lim) {
                    continue; // stopped by the limit only: take a new one
                }
            }
            // any other word, or the last words of the buffer or the batch: one word, every check
            if ((bad & 0x8000_8000) != 0) {
                break;
            }
            timeLow = (int) time & 0xFFF;
            addrY = yy;
            // A stop returns room, which ends the loop: a test of stopped here, a second exit from
            // the loop, made the whole loop ~15 % slower on one thread (C2; docs/events-throughput.md, fifth pass)
            n = decodeChecked(arr, pos, Math.min(end, pos + 2), arrOffset, t, x, y, p, n, room, w, h);
            pos = this.pos;
            time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
            yy = addrY;
        }
        if ((bad & 0x8000_8000) != 0) {
            // an event outside the sensor: decode this call's words again from its start with every
            // check, which throws at the first bad word. (A false alarm, from an empty vector or one
            // reaching past x = 2047 on a sensor wider than 2048, only costs this slower decode.)
            loops = loops0;
            timeHigh = timeHigh0;
            timeLow = timeLow0;
            addrY = addrY0;
            baseX = baseX0;
            pol = pol0;
            baseKnown = baseKnown0;
            thUnknown = thUnknown0;
            firstThN = firstThN0;
            firstTh = firstTh0;
            skipped = skipped0;
            stopped = false;
            int m = decodeChecked(arr, start, end, arrOffset, t, x, y, p, n0, room, w, h);
            return stopped ? stoppedN : m;
        }
        if (stopped) {
            return stoppedN;
        }
        timeLow = (int) time & 0xFFF;
        addrY = yy;
        this.pos = pos;
        return n;
    }

    /** 1 when the 16-bit word in the low bits of {@code word} is a TIME_LOW, else 0; no branch. */
    private static int isTimeLow(int word) {
        return ((word >>> 12 & 0xF ^ 0x6) - 1) >>> 31;
    }

    /** Stores the events of a vector {@code mask} with more than eight bits set; returns the new count. */
    static int vector(int mask, int bx, int yy, int pl, int cont, long time, long[] t, short[] x, short[] y,
            byte[] p, int n) {
        int first = n;
        for (int m = mask; m != 0; m &= m - 1) {
            t[n] = time;
            x[n] = (short) (bx + Integer.numberOfTrailingZeros(m));
            y[n] = (short) yy;
            p[n] = (byte) (n == first ? pl : pl | cont);
            n++;
        }
        return n;
    }

    /**
     * The reference decoder: one word at a time, every check in place, state in the fields. Decodes
     * {@code arr[pos..end)} while fewer than {@code room} events are stored and sets {@link #pos}
     * after the last word decoded; returns the new event count, or {@code room} when it
     * {@link #stopped} (at a vector word it must not decode; the count is then {@link #stoppedN}).
     */
    int decodeChecked(byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y, byte[] p,
            int n, int room, int w, int h) throws EventFormatException {
        long time = loops << 24 | (long) Math.max(timeHigh, 0) << 12 | timeLow;
        while (pos < end && n < room) {
            int word = (char) (short) SHORT.get(arr, pos);
            int v = word & 0xFFF;
            switch (word >>> 12) {
                case 0x0 -> addrY = v & 0x7FF;
                case 0x2 -> {
                    int xx = v & 0x7FF;
                    if (xx >= w || addrY >= h) {
                        this.pos = pos;
                        throw outside(arrOffset + pos, xx, addrY);
                    }
                    t[n] = time;
                    x[n] = (short) xx;
                    y[n] = (short) addrY;
                    p[n] = (byte) (v >>> 11);
                    n++;
                }
                case 0x3 -> {
                    baseX = v & 0x7FF;
                    pol = v >>> 11;
                    baseKnown = true;
                }
                case 0x4, 0x5 -> {
                    if (!baseKnown) {
                        // the vector's base x comes from before the chunk
                        stopped = true;
                        stoppedN = n;
                        timeLow = (int) time & 0xFFF;
                        this.pos = pos;
                        return room;
                    }
                    int bits = 12 - (word >>> 10 & 4); // VECT_12 (0x4) or VECT_8 (0x5)
                    int first = n;
                    for (int mask = v & ((1 << bits) - 1); mask != 0; mask &= mask - 1) {
                        int xx = baseX + Integer.numberOfTrailingZeros(mask);
                        if (xx >= w || addrY >= h) {
                            this.pos = pos;
                            throw outside(arrOffset + pos, xx, addrY);
                        }
                        t[n] = time;
                        x[n] = (short) xx;
                        y[n] = (short) addrY;
                        p[n] = (byte) (n == first ? pol : pol | cont);
                        n++;
                    }
                    baseX += bits;
                }
                case 0x6 -> time = time & ~0xFFFL | v;
                case 0x8 -> time = timeHigh(v, n) | time & 0xFFF;
                case 0x7, 0xA, 0xE, 0xF -> skipped++;
                default -> {
                    this.pos = pos;
                    throw new EventFormatException(file, arrOffset + pos, "unknown EVT 3.0 word type 0x"
                            + Integer.toHexString(word >>> 12) + " (expected 0x0, 0x2-0x8, 0xA, 0xE or 0xF)");
                }
            }
            pos += 2;
        }
        timeLow = (int) time & 0xFFF;
        this.pos = pos;
        return n;
    }

    /**
     * 1 when a TIME_HIGH of {@code v} after one of {@code previous} (-1: none) means that the 24-bit
     * counter wrapped: when it falls by half its range or more, as OpenEB's decoder counts a loop
     * ({@code evt3_decoder.h}) and as EVT 2.0 is read here. A smaller fall is a step back in time (a
     * glitch its validator reports as {@code NonMonotonicTimeHigh}), not 16.8 s forward.
     */
    static int wraps(int previous, int v) {
        return previous - v >= 2048 ? 1 : 0;
    }

    /**
     * A TIME_HIGH of value {@code v} before event {@code n}: counts a wrap of the 24-bit counter
     * ({@link #wraps}); a chunk decoder notes its first. Returns the time's bits above the time low.
     */
    long timeHigh(int v, int n) {
        loops += wraps(timeHigh, v);
        if (thUnknown) {
            thUnknown = false;
            firstThN = n;
            firstTh = v;
        }
        timeHigh = v;
        return loops << 24 | (long) v << 12;
    }

    @Override
    long knownState() {
        return loops << 13 | timeHigh + 1;
    }

    @Override
    void assume(long knownState) {
        guessLoops = knownState >>> 13;
        guessTimeHigh = (int) (knownState & 0x1FFF) - 1;
    }

    @Override
    void marksContinuations(boolean on) {
        cont = on ? 2 : 0;
    }

    @Override
    int sync(byte[] arr, int from, int to) {
        // From the guess (the wrap count and time high a file-order decoder had somewhere before the
        // chunk; 0 and none without one), so that a first TIME_HIGH below the guessed time high
        // counts a wrap: with a right guess the times come out exact after the first TIME_HIGH
        loops = guessLoops;
        timeHigh = guessTimeHigh;
        thUnknown = true;
        firstThN = -1;
        baseKnown = false;
        skipped = 0;
        stopped = false;
        cont = 2;
        boolean tl = false;
        boolean row = false;
        int pos = from;
        // The events of these words are the file-order decoder's (it decodes up to the returned
        // index); here they only set the state. Unknown word types are left to it as well.
        while (pos < to && !(tl && row)) {
            int word = (char) (short) SHORT.get(arr, pos);
            int v = word & 0xFFF;
            switch (word >>> 12) {
                case 0x0 -> {
                    addrY = v & 0x7FF;
                    row = true;
                }
                case 0x3 -> {
                    baseX = v & 0x7FF;
                    pol = v >>> 11;
                    baseKnown = true;
                }
                case 0x4, 0x5 -> baseX += 12 - (word >>> 10 & 4);
                case 0x6 -> {
                    timeLow = v;
                    tl = true;
                }
                case 0x8 -> {
                    loops += wraps(timeHigh, v);
                    thUnknown = false;
                    timeHigh = v;
                }
                default -> {
                }
            }
            pos += 2;
        }
        return tl && row ? pos : to;
    }

    @Override
    RawKernel newKernel() {
        return new Evt3Kernel(file, sensorText);
    }

    @Override
    void restore(RawKernel o) {
        super.restore(o);
        Evt3Kernel s = (Evt3Kernel) o;
        loops = s.loops;
        timeHigh = s.timeHigh;
        timeLow = s.timeLow;
        addrY = s.addrY;
        baseX = s.baseX;
        pol = s.pol;
        baseKnown = s.baseKnown;
        cont = s.cont;
        guessLoops = s.guessLoops;
        guessTimeHigh = s.guessTimeHigh;
    }

    @Override
    long addBeforeTimeHigh(RawKernel atSync) {
        // the chunk decoder's events before its first TIME_HIGH carry the guessed time high
        Evt3Kernel g = (Evt3Kernel) atSync;
        return (loops << 24 | (long) Math.max(timeHigh, 0) << 12)
                - (g.guessLoops << 24 | (long) Math.max(g.guessTimeHigh, 0) << 12);
    }

    @Override
    long addAfterTimeHigh(RawKernel atSync, int firstTimeHigh) {
        return wrapsBefore((Evt3Kernel) atSync, firstTimeHigh) << 24;
    }

    /**
     * The exact wrap count at the chunk decoder's sync point minus its own count there: its wraps
     * are counted from its guess ({@link #assume}) and its first TIME_HIGH, whose own wrap (against
     * the time high before the chunk) only a file-order decoder can tell for sure.
     */
    private long wrapsBefore(Evt3Kernel atSync, int firstTimeHigh) {
        if (!atSync.thUnknown) {
            return loops - atSync.loops;
        }
        long exact = loops + wraps(timeHigh, firstTimeHigh);
        long guessed = atSync.guessLoops + wraps(atSync.guessTimeHigh, firstTimeHigh);
        return exact - guessed;
    }

    @Override
    void adopt(RawKernel atSync, RawKernel atEnd) {
        Evt3Kernel e = (Evt3Kernel) atEnd;
        if (!e.thUnknown) {
            loops = e.loops + wrapsBefore((Evt3Kernel) atSync, e.firstTh);
            timeHigh = e.timeHigh;
        }
        timeLow = e.timeLow;
        addrY = e.addrY;
        if (e.baseKnown) {
            baseX = e.baseX;
            pol = e.pol;
        }
    }
}
