package org.leinao.events;

import java.util.Random;

/** Seeded synthetic event streams for round-trip and fuzz tests. */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * {@code n} events on a {@code w x h} sensor with non-decreasing times: mostly small steps, some
     * equal timestamps, some runs along a row (which EVT 3.0 vectorises) and some long gaps.
     */
    public static EventBatch events(long seed, int n, int w, int h, long maxGap) {
        Random r = new Random(seed);
        EventBatch b = new EventBatch(n);
        long t = r.nextInt(1000);
        int i = 0;
        while (i < n) {
            int kind = r.nextInt(10);
            if (kind == 0) { // a burst along one row: same time, same polarity, increasing x
                int y = r.nextInt(h);
                int p = r.nextInt(2);
                int x = r.nextInt(w);
                while (i < n && x < w) {
                    b.add(t, x, y, p);
                    i++;
                    x += 1 + (r.nextInt(6) == 0 ? r.nextInt(30) : 0);
                    if (r.nextInt(20) == 0) {
                        break;
                    }
                }
            } else {
                b.add(t, r.nextInt(w), r.nextInt(h), r.nextInt(2));
                i++;
            }
            t += r.nextInt(5) == 0 ? 0 : r.nextInt(50);
            if (r.nextInt(500) == 0) {
                t += (long) (r.nextDouble() * maxGap);
            }
        }
        return b;
    }
}
