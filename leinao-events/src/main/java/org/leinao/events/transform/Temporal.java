package org.leinao.events.transform;

import org.leinao.events.EventRecording;

/** Deterministic polarity and time transforms (Tonic {@code RandomFlipPolarity}, {@code MergePolarities}, {@code Downsample(time_factor)}, {@code TimeSkew}). */
public final class Temporal {

    private Temporal() {
    }

    /** ON becomes OFF and OFF becomes ON. */
    public static EventRecording flipPolarity(EventRecording rec) {
        EventRecording out = rec.copy();
        byte[] p = out.events().p();
        for (int i = 0; i < out.size(); i++) {
            p[i] = (byte) (1 - p[i]);
        }
        return out;
    }

    /** Tonic {@code MergePolarities}: every event gets polarity 0, so one channel remains. */
    public static EventRecording mergePolarities(EventRecording rec) {
        EventRecording out = rec.copy();
        java.util.Arrays.fill(out.events().p(), 0, out.size(), (byte) 0);
        return out;
    }

    /** Tonic {@code Downsample(time_factor)}: {@code t' = floor(t * factor)}. */
    public static EventRecording downsampleTime(EventRecording rec, double factor) {
        return skew(rec, factor, 0);
    }

    /**
     * Tonic {@code TimeSkew(coefficient, offset)}: {@code t' = floor(t * coefficient + offset)}; a
     * positive coefficient keeps the order.
     */
    public static EventRecording skew(EventRecording rec, double coefficient, long offset) {
        if (!(coefficient > 0)) {
            throw new IllegalArgumentException("time coefficient must be > 0, got " + coefficient);
        }
        EventRecording out = rec.copy();
        long[] t = out.events().t();
        for (int i = 0; i < out.size(); i++) {
            t[i] = (long) Math.floor(t[i] * coefficient + offset);
        }
        return out;
    }
}
