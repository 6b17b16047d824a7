package org.leinao.events.transform;

import org.leinao.events.EventBatch;
import org.leinao.events.EventRecording;
import org.leinao.events.SensorSize;

/** Geometric transforms: crop, downsample, flips (Tonic {@code CenterCrop}, {@code RandomCrop}, {@code Downsample}, {@code RandomFlipLR/UD}). */
public final class Spatial {

    private Spatial() {
    }

    /**
     * Keeps the events inside the box {@code [x0, x0+w) x [y0, y0+h)} and moves them so that the box
     * corner becomes (0, 0); the sensor becomes {@code w x h}.
     */
    public static EventRecording crop(EventRecording rec, int x0, int y0, int w, int h) {
        EventBatch in = rec.events();
        EventBatch out = new EventBatch(in.size());
        short[] x = in.x();
        short[] y = in.y();
        for (int i = 0; i < in.size(); i++) {
            int xx = x[i] - x0;
            int yy = y[i] - y0;
            if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                out.add(in.t()[i], xx, yy, in.p()[i]);
            }
        }
        return new EventRecording(new SensorSize(w, h), out);
    }

    /** Tonic {@code CenterCrop}: a {@code w x h} box centred on the sensor (offsets rounded down). */
    public static EventRecording centerCrop(EventRecording rec, int w, int h) {
        SensorSize s = requireKnown(rec);
        return crop(rec, (s.width() - w) / 2, (s.height() - h) / 2, w, h);
    }

    /**
     * Tonic {@code Downsample(spatial_factor)}: {@code x' = floor(x * fx)}, {@code y' = floor(y * fy)}
     * with factors below 1; the sensor shrinks the same way. Events that land on the same pixel stay
     * separate events.
     */
    public static EventRecording downsample(EventRecording rec, double fx, double fy) {
        SensorSize s = rec.sensor();
        EventRecording out = rec.copy();
        short[] x = out.events().x();
        short[] y = out.events().y();
        for (int i = 0; i < out.size(); i++) {
            x[i] = (short) Math.floor(x[i] * fx);
            y[i] = (short) Math.floor(y[i] * fy);
        }
        SensorSize ns = s.isKnown()
                ? new SensorSize(Math.max(1, (int) Math.ceil(s.width() * fx)), Math.max(1, (int) Math.ceil(s.height() * fy)))
                : s;
        return new EventRecording(ns, out.events());
    }

    /** Mirrors left-right: {@code x' = width - 1 - x}. */
    public static EventRecording flipLR(EventRecording rec) {
        int w = requireKnown(rec).width();
        EventRecording out = rec.copy();
        short[] x = out.events().x();
        for (int i = 0; i < out.size(); i++) {
            x[i] = (short) (w - 1 - x[i]);
        }
        return out;
    }

    /** Mirrors up-down: {@code y' = height - 1 - y}. */
    public static EventRecording flipUD(EventRecording rec) {
        int h = requireKnown(rec).height();
        EventRecording out = rec.copy();
        short[] y = out.events().y();
        for (int i = 0; i < out.size(); i++) {
            y[i] = (short) (h - 1 - y[i]);
        }
        return out;
    }

    static SensorSize requireKnown(EventRecording rec) {
        if (!rec.sensor().isKnown()) {
            throw new IllegalArgumentException("this transform needs the sensor size; the recording has none (give one with --sensor)");
        }
        return rec.sensor();
    }
}
