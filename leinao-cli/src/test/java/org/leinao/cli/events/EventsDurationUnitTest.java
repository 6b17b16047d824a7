package org.leinao.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.leinao.cli.UserException;
import org.assertj.core.api.Assertions;

/**
 * Audit: a duration without a unit was read as µs ({@code render --window 10} made 916 frames of
 * 10 µs) and units were case-insensitive ({@code 50MS}), while model files require a case-sensitive
 * unit. Every duration option now requires {@code us}/{@code µs}, {@code ms} or {@code s}.
 */
class EventsDurationUnitTest extends EventsCliTest {

    @Test
    void unitsAreRequiredAndCaseSensitive() {
        assertThat(EventsCli.micros("--window", "250us")).isEqualTo(250);
        assertThat(EventsCli.micros("--window", "250µs")).isEqualTo(250);
        assertThat(EventsCli.micros("--window", "10ms")).isEqualTo(10_000);
        assertThat(EventsCli.micros("--window", "1.5 s")).isEqualTo(1_500_000);
        assertThat(EventsCli.micros("--window", "2e1ms")).isEqualTo(20_000);
        assertThat(EventsCli.micros("--time-shift", "1605537493718345us")).isEqualTo(1_605_537_493_718_345L);
        Assertions.assertThatThrownBy(() -> EventsCli.micros("--window", "10")).isInstanceOf(UserException.class)
                .hasMessage("--window 10: a duration needs a unit (us or µs, ms, s), e.g. --window 10ms");
        Assertions.assertThatThrownBy(() -> EventsCli.micros("--window", "50MS"))
                .hasMessage("--window 50MS: unknown time unit 'MS'; expected us or µs, ms, s (case-sensitive, as in"
                        + " model files), e.g. --window 50ms");
        Assertions.assertThatThrownBy(() -> EventsCli.micros("--overlap", "-1ms"))
                .hasMessageStartingWith("--overlap -1ms: not a duration");
    }

    @Test
    void renderWindowWithoutAUnitIsRefused() throws Exception {
        Path o = dir.resolve("frames");
        assertThat(run("events", "render", sample(i -> i % 2).toString(), "--out", o.toString(), "--window", "10")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("leinao: --window 10: a duration needs a unit (us or µs, ms, s), e.g. --window 10ms");
        assertThat(o).doesNotExist();
    }

    @Test
    void sliceWindowAndOverlapNeedUnits() throws Exception {
        Path in = sample(i -> i % 2);
        assertThat(run("events", "slice", in.toString(), "--out", dir.resolve("a").toString(), "--window", "50"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--window 50: a duration needs a unit");
        err.getBuffer().setLength(0);
        assertThat(run("events", "slice", in.toString(), "--out", dir.resolve("b").toString(), "--window", "50ms",
                "--overlap", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--overlap 10: a duration needs a unit");
        err.getBuffer().setLength(0);
        assertThat(run("events", "slice", in.toString(), "--out", dir.resolve("c").toString(), "--window", "50MS"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown time unit 'MS'");
        assertThat(run("events", "slice", in.toString(), "--out", dir.resolve("d").toString(), "--window", "20ms",
                "--overlap", "10ms")).as(err.toString()).isZero();
    }

    @Test
    void fromFramesRefractoryNeedsAUnit() throws Exception {
        assertThat(run("events", "from-frames", dir.toString(), "--out", dir.resolve("x.npy").toString(),
                "--refractory", "1")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("leinao: --refractory 1: a duration needs a unit (us or µs, ms, s), e.g. --refractory 1ms");
    }

    @Test
    void timeShiftTakesFirstOrATimeWithAUnit() throws Exception {
        Path in = sample(i -> i % 2);
        assertThat(run("events", "convert", in.toString(), dir.resolve("a.npy").toString(), "--time-shift", "100"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("leinao: --time-shift 100: a time needs a unit, e.g. --time-shift"
                + " 100us (µs), or 'first' (the first event moves to 0)");
        assertThat(run("events", "convert", in.toString(), dir.resolve("b.npy").toString(), "--time-shift", "0ms"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("times shifted by 0 µs");
    }
}
