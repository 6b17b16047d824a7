package org.leinao.engine.stim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-step counts of {@link PoissonInput} follow the Poisson distribution of mean λ = rate·dt,
 * from λ below 1 up to hundreds per step (where inversion starts deep inside its guide table):
 * sample mean and variance within 5 standard errors of λ, and for small λ each count's frequency
 * within 5σ of its probability e^{-λ} λ^k / k!.
 */
class PoissonCountsTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1.6, 2.4, 37.5, 512.0})
    void countsArePoisson(double lambda) {
        int n = 2000;
        int steps = 60;
        double dt = 0.1;
        int[] local = new int[n];
        int[] gids = new int[n];
        for (int i = 0; i < n; i++) {
            local[i] = i;
            gids[i] = 100 + i;
        }
        PoissonInput in = new PoissonInput(3, 11, local, gids, 1.0, 1, new long[] {0}, new double[] {lambda / dt * 1e3}, dt);
        double[] ex = new double[n];
        double[] inh = new double[n];
        long draws = 0;
        double sum = 0;
        double sumSq = 0;
        long[] freq = new long[8];
        for (int s = 1; s <= steps; s++) {
            in.apply(s, ex, inh, 0);
            for (int i = 0; i < n; i++) {
                double k = ex[i];
                assertThat(k).isEqualTo(Math.rint(k)).isGreaterThanOrEqualTo(0);
                sum += k;
                sumSq += k * k;
                if (k < freq.length) {
                    freq[(int) k]++;
                }
                ex[i] = 0;
                draws++;
            }
        }
        assertThat(inh).containsOnly(0.0);
        double mean = sum / draws;
        double var = sumSq / draws - mean * mean;
        assertThat(mean).isCloseTo(lambda, org.assertj.core.data.Offset.offset(5 * Math.sqrt(lambda / draws)));
        // Var of the sample variance of a Poisson: λ/N + 2λ²/N (fourth cumulant λ).
        assertThat(var).isCloseTo(lambda, org.assertj.core.data.Offset.offset(5 * Math.sqrt((lambda + 2 * lambda * lambda) / draws)));
        if (lambda < 3) {
            double p = Math.exp(-lambda);
            for (int k = 0; k < freq.length; k++) {
                double sigma = Math.sqrt(draws * p * (1 - p));
                assertThat((double) freq[k]).as("count %d at λ = %s", k, lambda)
                        .isCloseTo(draws * p, org.assertj.core.data.Offset.offset(5 * sigma + 1));
                p *= lambda / (k + 1);
            }
        }
    }
}
