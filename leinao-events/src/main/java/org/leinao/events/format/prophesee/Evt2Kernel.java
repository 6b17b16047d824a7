package org.leinao.events.format.prophesee;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.leinao.events.io.EventFormatException;

/**
 * The EVT 2.0 decoder ({@link Evt2Reader} describes the words). Runs of CD words are decoded in a
 * loop without per-event error branches; an event outside the sensor or an unknown word makes the
 * call decode again through {@link #decodeChecked}, which reports the first bad word exactly as a
 * word-by-word decoder would.
 */
final class Evt2Kernel extends RawKernel {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether new kernels decode with {@link Evt2Vector}; tests set it false to check the scalar loop. */
    static volatile boolean vectorForNewKernels = VECTOR_MODULE;

    /** Time bits 33-6, from the last EVT_TIME_HIGH. */
    long timeHigh;
    /** Whether {@link #decode} starts with {@link Evt2Vector}. */
    private final boolean vector = vectorForNewKernels;

    Evt2Kernel(Path file, String sensorText) {
        super(file, sensorText);
    }

    /** 2^34 µs: the 28-bit EVT_TIME_HIGH field (time bits 33-6) wraps every 4.8 hours. */
    static final long WRAP = 1L << 34;

    /**
     * The time high after a TIME_HIGH word that follows time high {@code th}: bits 33-6 from the
     * word, and above them the count of wraps, one more when the field falls back by more than half
     * its range (as OpenEB's decoders count EVT time-high loops).
     */
    static long nextTimeHigh(long th, int word) {
        long t = th & -WRAP | (long) (word & 0x0FFF_FFFF) << 6;
        return th - t > WRAP / 2 ? t + WRAP : t;
    }

    @Override
    int wordSize() {
        return 4;
    }

    @Override
    int spare() {
        return 0;
    }

    @Override
    int decode(byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y, byte[] p, int n, int room,
            int w, int h) throws EventFormatException {
        // Range check of a packed (x << 16 | y): adding c sets bit 31 when x >= w and bit 15 when
        // y >= h (x, y < 2^15; a limit above 2048 never fails for 11-bit fields, hence the min)
        int c = (0x8000 - Math.min(w, 2048)) << 16 | (0x8000 - Math.min(h, 2048));
        if (vector && vectorNow()) {
            // whole vectors of words there; the loop below decodes what is left
            int m = Evt2Vector.decode(this, arr, pos, end, t, x, y, p, n, room, c);
            if (m < 0) {
                return decodeChecked(arr, pos, end, arrOffset, t, x, y, p, n, room, w, h);
            }
            n = m;
            pos = this.pos;
        }
        int start = pos;
        long th = timeHigh;
        long skipped0 = skipped;
        boolean thUnknown0 = thUnknown;
        int firstThN0 = firstThN;
        int firstTh0 = firstTh;
        int n0 = n;
        int bad = 0;
        while (pos < end && n < room) {
            // A run of CD words, one event each: the loop counter is the event index (the word of
            // event j is at off + 4 j), so the stores need no bounds checks, and an event outside
            // the sensor is only noted in bad.
            int k = Math.min((end - pos) >>> 2, room - n);
            int off = pos - 4 * n;
            int stop = n + k;
            int j = n;
            for (; j < stop; j++) {
                int word = (int) INT.get(arr, off + 4 * j);
                if (word >>> 29 != 0) {
                    break;
                }
                int xx = word >>> 11 & 0x7FF;
                int yy = word & 0x7FF;
                bad |= (xx << 16 | yy) + c;
                t[j] = th | (word >>> 22 & 0x3F);
                x[j] = (short) xx;
                y[j] = (short) yy;
                p[j] = (byte) (word >>> 28);
            }
            pos += 4 * (j - n);
            n = j;
            if (j < stop) {
                int type = (int) INT.get(arr, pos) >>> 28;
                if (type == 0x8) {
                    int word = (int) INT.get(arr, pos);
                    th = nextTimeHigh(th, word);
                    if (thUnknown) {
                        thUnknown = false;
                        firstThN = n;
                        firstTh = word & 0x0FFF_FFFF;
                    }
                } else if (type == 0xA || type == 0xE || type == 0xF) {
                    skipped++;
                } else {
                    bad = 0x8000_8000; // an unknown word type: reported by decodeChecked below
                    break;
                }
                pos += 4;
            }
        }
        if ((bad & 0x8000_8000) != 0) {
            // decode this call's words again from its start with every check, which throws at the
            // first bad word, so the error is the one a word-by-word decoder gives
            skipped = skipped0;
            thUnknown = thUnknown0;
            firstThN = firstThN0;
            firstTh = firstTh0;
            return decodeChecked(arr, start, end, arrOffset, t, x, y, p, n0, room, w, h);
        }
        timeHigh = th;
        this.pos = pos;
        return n;
    }

    /** The reference decoder: one word at a time, every check in place. */
    private int decodeChecked(byte[] arr, int pos, int end, long arrOffset, long[] t, short[] x, short[] y, byte[] p,
            int n, int room, int w, int h) throws EventFormatException {
        long th = timeHigh;
        while (pos < end && n < room) {
            int word = (int) INT.get(arr, pos);
            int type = word >>> 28;
            if (type <= 1) {
                int xx = (word >>> 11) & 0x7FF;
                int yy = word & 0x7FF;
                if (xx >= w || yy >= h) {
                    timeHigh = th;
                    this.pos = pos;
                    throw outside(arrOffset + pos, xx, yy);
                }
                t[n] = th | ((word >>> 22) & 0x3F);
                x[n] = (short) xx;
                y[n] = (short) yy;
                p[n] = (byte) type;
                n++;
            } else if (type == 0x8) {
                th = nextTimeHigh(th, word);
                if (thUnknown) {
                    thUnknown = false;
                    firstThN = n;
                    firstTh = word & 0x0FFF_FFFF;
                }
            } else if (type == 0xA || type == 0xE || type == 0xF) {
                skipped++;
            } else {
                timeHigh = th;
                this.pos = pos;
                throw new EventFormatException(file, arrOffset + pos, "unknown EVT 2.0 word type 0x"
                        + Integer.toHexString(type) + " (expected 0x0, 0x1, 0x8, 0xA, 0xE or 0xF)");
            }
            pos += 4;
        }
        timeHigh = th;
        this.pos = pos;
        return n;
    }

    @Override
    int sync(byte[] arr, int from, int to) {
        // EVT 2.0 words carry everything but the time high, which is fixed up at the hand-over
        timeHigh = 0;
        thUnknown = true;
        firstThN = -1;
        skipped = 0;
        stopped = false;
        return from;
    }

    @Override
    RawKernel newKernel() {
        return new Evt2Kernel(file, sensorText);
    }

    @Override
    void restore(RawKernel o) {
        super.restore(o);
        Evt2Kernel s = (Evt2Kernel) o;
        timeHigh = s.timeHigh;
    }

    @Override
    long addBeforeTimeHigh(RawKernel atSync) {
        return timeHigh;
    }

    /**
     * A chunk decoder counts wraps from 0 at its first TIME_HIGH: add the wraps of the file-order
     * decoder at the sync point, and one more if that first word already wrapped.
     */
    @Override
    long addAfterTimeHigh(RawKernel atSync, int firstTimeHigh) {
        return nextTimeHigh(timeHigh, firstTimeHigh) & -WRAP;
    }

    @Override
    void adopt(RawKernel atSync, RawKernel atEnd) {
        Evt2Kernel e = (Evt2Kernel) atEnd;
        if (!e.thUnknown) {
            timeHigh = e.timeHigh + addAfterTimeHigh(atSync, e.firstTh);
        }
    }
}
