package org.leinao.events.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.leinao.events.EventBatch;
import org.leinao.events.SensorSize;

class ContrastModelTest {

    @Test
    void brighteningByTwoThresholdsGivesTwoInterpolatedOnEvents() {
        ContrastModel m = new ContrastModel(new SensorSize(2, 1), 0.2, 0.2, 0, 0, 1);
        EventBatch out = new EventBatch(0);
        float base = 0.5f;
        m.frame(new float[] {base, base}, 0, out);
        // log change of 0.45 at pixel 0: crossings at 0.2 and 0.4 of the way -> t = 1000 * 0.2/0.45 ...
        float bright = (float) (Math.exp(Math.log(base + ContrastModel.LOG_EPS) + 0.45) - ContrastModel.LOG_EPS);
        m.frame(new float[] {bright, base}, 1000, out);
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.p()[0]).isEqualTo((byte) 1);
        assertThat(out.t()[0]).isEqualTo(Math.round(0.2 / 0.45 * 1000));
        assertThat(out.t()[1]).isEqualTo(Math.round(0.4 / 0.45 * 1000));
        // back to the base: the reference is at +0.4, so two OFF events
        m.frame(new float[] {base, base}, 2000, out);
        assertThat(out.size()).isEqualTo(4);
        assertThat(out.p()[3]).isZero();
    }

    @Test
    void refractoryPeriodSuppressesCloseEvents() {
        ContrastModel m = new ContrastModel(new SensorSize(1, 1), 0.1, 0.1, 10_000, 0, 1);
        EventBatch out = new EventBatch(0);
        m.frame(new float[] {0.1f}, 0, out);
        m.frame(new float[] {0.9f}, 1000, out);
        assertThat(out.size()).isEqualTo(1);
    }

    @Test
    void noiseIsSeeded() {
        EventBatch a = new EventBatch(0);
        EventBatch b = new EventBatch(0);
        for (EventBatch out : new EventBatch[] {a, b}) {
            ContrastModel m = new ContrastModel(new SensorSize(20, 20), 0.2, 0.2, 0, 50, 77);
            m.frame(new float[400], 0, out);
            m.frame(new float[400], 100_000, out);
        }
        assertThat(a.size()).isPositive();
        assertThat(a.contentEquals(b)).isTrue();
    }

    /** Audit: one message, "need a known sensor, thresholds > 0, …", for any of five bad parameters. */
    @Test
    void aBadParameterIsNamedWithItsValue() {
        SensorSize s = new SensorSize(2, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContrastModel(s, -1, 0.2, 0, 0, 1))
                .hasMessage("onThreshold: expected a log-intensity step > 0, got -1.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContrastModel(s, 0.2, 0.2, -5, 0, 1))
                .hasMessage("refractory: expected >= 0 µs, got -5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContrastModel(s, 0.2, 0.2, 0, Double.NaN, 1))
                .hasMessage("noiseRateHz: expected a rate >= 0 Hz, got NaN");
    }
}
