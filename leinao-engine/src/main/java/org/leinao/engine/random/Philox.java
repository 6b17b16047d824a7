package org.leinao.engine.random;

/**
 * Philox4x32-10 counter-based generator (Salmon, Moraes, Dror &amp; Shaw, "Parallel random numbers:
 * as easy as 1, 2, 3", SC'11). A block of four 32-bit outputs is a pure function of a 64-bit key
 * and a 128-bit counter, so any thread can compute any number without shared state; this is what
 * makes draws keyed by purpose and neuron independent of the thread count (ARCHITECTURE.md §5).
 */
public final class Philox {
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private Philox() {
    }

    /**
     * Computes one Philox4x32-10 block.
     *
     * @param key0 low 32 bits of the key
     * @param key1 high 32 bits of the key
     * @param c0 counter word 0
     * @param c1 counter word 1
     * @param c2 counter word 2
     * @param c3 counter word 3
     * @param out receives the four output words (length ≥ 4)
     */
    public static void block(int key0, int key1, int c0, int c1, int c2, int c3, int[] out) {
        int k0 = key0;
        int k1 = key1;
        for (int round = 0; round < 10; round++) {
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * A 64-bit value that is a pure function of (seed, purpose, id, index); used to seed per-neuron
     * sequential streams.
     */
    public static long hash64(long seed, int purpose, long id, long index) {
        int[] out = new int[4];
        block((int) seed, (int) (seed >>> 32), (int) index, (int) (index >>> 32), (int) id,
                purpose ^ (int) (id >>> 32) * 0x61C88647, out);
        return ((long) out[0] << 32) ^ (out[1] & 0xFFFFFFFFL);
    }
}
