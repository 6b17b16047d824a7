package org.leinao.engine.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leinao.engine.record.Result;
import org.leinao.engine.sim.Simulator;
import org.leinao.engine.spec.Distribution;
import org.leinao.engine.spec.Network;
import org.leinao.engine.spec.Stimulus;

/**
 * The seven cortical/thalamic classes of Izhikevich 2003 (IEEE TNN 14:1569, Fig. 2) with the
 * published (a, b, c, d), each recognised from its spike train or voltage trace. Protocol: rest,
 * then a current step of 10 at 100 ms (as in the paper's figure), or the class-specific protocol
 * noted below.
 */
class IzhikevichClassesTest {

    private static Result simulate(double a, double b, double c, double d, double[] times, double[] amps) {
        NeuronModel m = NeuronModels.izhikevich().with("a", a).with("b", b).with("c", c).with("d", d);
        var spec = Network.builder().dt(0.1)
                .population("n", 1, m, Map.of("U_m", Distribution.constant(b * -65)))
                .current("i", new Stimulus.StepCurrent(times, amps), List.of("n"))
                .recordSpikes("n")
                .recordState("n", List.of("V_m"), null, 0.1)
                .build();
        try (Simulator sim = Simulator.create(spec)) {
            return sim.run(600.0);
        }
    }

    private static double[] isis(double a, double b, double c, double d) {
        double[] t = simulate(a, b, c, d, new double[] {0, 100}, new double[] {0, 10}).spikes("n").timesOf(0);
        double[] isi = new double[Math.max(0, t.length - 1)];
        for (int i = 1; i < t.length; i++) {
            isi[i - 1] = t[i] - t[i - 1];
        }
        return isi;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double last(double[] x) {
        return x[x.length - 1];
    }

    @Test
    void regularSpikingAdaptsWithoutBursts() {
        double[] isi = isis(0.02, 0.2, -65, 8);
        assertThat(isi.length).isGreaterThan(5);
        assertThat(last(isi) / isi[0]).as("adaptation ratio").isGreaterThan(2.0);
        assertThat(min(isi)).as("no burst").isGreaterThan(10.0);
    }

    @Test
    void intrinsicallyBurstingStartsWithABurstThenSpikesTonically() {
        double[] isi = isis(0.02, 0.2, -55, 4);
        assertThat(isi[0]).isLessThan(5.0);
        assertThat(isi[1]).isLessThan(5.0);
        for (int i = 2; i < isi.length; i++) {
            assertThat(isi[i]).as("tonic ISI %d", i).isGreaterThan(25.0);
        }
    }

    @Test
    void chatteringFiresRepeatedBursts() {
        double[] isi = isis(0.02, 0.2, -50, 2);
        int bursts = 0;
        for (int i = 0; i + 1 < isi.length; i++) {
            if (isi[i] > 30.0 && isi[i + 1] < 5.0) {
                bursts++;
            }
        }
        assertThat(bursts).as("inter-burst gaps followed by intra-burst ISIs").isGreaterThanOrEqualTo(5);
    }

    @Test
    void fastSpikingFiresFastWithLittleAdaptation() {
        double[] fs = isis(0.1, 0.2, -65, 2);
        double[] rs = isis(0.02, 0.2, -65, 8);
        assertThat(1000.0 / last(fs)).as("steady FS rate").isGreaterThan(100.0);
        assertThat(last(rs) / last(fs)).as("FS vs RS steady rate").isGreaterThan(4.0);
        assertThat(last(fs) / fs[0]).as("FS adaptation").isLessThan(last(rs) / rs[0]);
        for (int i = fs.length - 10; i < fs.length; i++) {
            assertThat(Math.abs(fs[i] - last(fs)) / last(fs)).as("tonic").isLessThan(0.05);
        }
    }

    @Test
    void lowThresholdSpikingFiresFastThenAdapts() {
        double[] isi = isis(0.02, 0.25, -65, 2);
        assertThat(isi[0]).isLessThan(5.0);
        assertThat(last(isi) / isi[0]).as("adaptation ratio").isGreaterThan(3.0);
        assertThat(last(isi)).isGreaterThan(10.0);
    }

    @Test
    void thalamocorticalFiresReboundBurstAfterHyperpolarisation() {
        // Hyperpolarise with -10 from 100 to 300 ms, then release (Izhikevich 2003, Fig. 2 TC).
        double[] tc = simulate(0.02, 0.25, -65, 0.05, new double[] {100, 300}, new double[] {-10, 0})
                .spikes("n").timesOf(0);
        double[] rs = simulate(0.02, 0.2, -65, 8, new double[] {100, 300}, new double[] {-10, 0})
                .spikes("n").timesOf(0);
        int rebound = 0;
        for (double t : tc) {
            if (t > 300 && t < 330) {
                rebound++;
            }
        }
        assertThat(rebound).as("rebound burst").isGreaterThanOrEqualTo(2);
        assertThat(rs).as("RS has no rebound").isEmpty();
    }

    @Test
    void resonatorOscillatesBelowThreshold() {
        // A 1 ms pulse at 300 ms; count alternating extrema of V during the following 250 ms.
        int rz = extrema(simulate(0.1, 0.26, -65, 2, new double[] {300, 301}, new double[] {5, 0}));
        int rs = extrema(simulate(0.02, 0.2, -65, 8, new double[] {300, 301}, new double[] {5, 0}));
        assertThat(rz).as("damped subthreshold oscillation").isGreaterThanOrEqualTo(4);
        assertThat(rs).as("RS relaxes without oscillating").isLessThanOrEqualTo(1);
    }

    private static int extrema(Result r) {
        var v = r.state("n", "V_m");
        int count = 0;
        for (int i = 3101; i < 5600; i++) {
            double a = v.value(i - 1, 0);
            double b = v.value(i, 0);
            double c = v.value(i + 1, 0);
            if (b < 0 && ((b > a && b > c) || (b < a && b < c))) {
                count++;
            }
        }
        return count;
    }
}
