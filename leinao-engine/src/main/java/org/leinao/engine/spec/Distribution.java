package org.leinao.engine.spec;

import java.util.List;
import org.leinao.engine.random.RandomStream;

/**
 * A distribution of values for weights, delays, parameters or initial states. Semantics follow
 * NEST's {@code nest.random} module: {@code normal_clipped} redraws values outside [min, max]
 * rather than clamping them, so the result is a truncated normal.
 */
public sealed interface Distribution {

    /** Draws one value. */
    double sample(RandomStream r);

    /** Smallest value that can be drawn (may be negative infinity). */
    double lowerBound();

    /** Largest value that can be drawn (may be positive infinity). */
    double upperBound();

    /** Adds a description of each invalid field to {@code problems}, prefixed by {@code where}. */
    void validate(String where, List<String> problems);

    /** Mean of the distribution (used for diagnostics and documentation). */
    double mean();

    /** A constant value. */
    static Distribution constant(double value) {
        return new Constant(value);
    }

    /** Uniform on [min, max). */
    static Distribution uniform(double min, double max) {
        return new Uniform(min, max);
    }

    /** Normal with the given mean and standard deviation. */
    static Distribution normal(double mean, double std) {
        return new Normal(mean, std);
    }

    /** Normal truncated to [min, max] by redrawing. */
    static Distribution normalClipped(double mean, double std, double min, double max) {
        return new NormalClipped(mean, std, min, max);
    }

    /** Log-normal: exp(N(mu, sigma)). */
    static Distribution lognormal(double mu, double sigma) {
        return new LogNormal(mu, sigma);
    }

    /** Exponential with the given scale (mean) β. */
    static Distribution exponential(double beta) {
        return new Exponential(beta);
    }

    /** A fixed value. */
    record Constant(double value) implements Distribution {
        @Override
        public double sample(RandomStream r) {
            return value;
        }

        @Override
        public double lowerBound() {
            return value;
        }

        @Override
        public double upperBound() {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }

        @Override
        public void validate(String where, List<String> problems) {
            if (!Double.isFinite(value)) {
                problems.add(where + ": expected a finite value, got " + value);
            }
        }
    }

    /** Uniform on [min, max). */
    record Uniform(double min, double max) implements Distribution {
        @Override
        public double sample(RandomStream r) {
            return min + (max - min) * r.nextDouble();
        }

        @Override
        public double lowerBound() {
            return min;
        }

        @Override
        public double upperBound() {
            return max;
        }

        @Override
        public double mean() {
            return 0.5 * (min + max);
        }

        @Override
        public void validate(String where, List<String> problems) {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(min <= max)) {
                problems.add(where + ": uniform needs finite min <= max, got [" + min + ", " + max + "]");
            }
        }
    }

    /** Normal distribution. */
    record Normal(double mean, double std) implements Distribution {
        @Override
        public double sample(RandomStream r) {
            return mean + std * r.nextGaussian();
        }

        @Override
        public double lowerBound() {
            return std == 0 ? mean : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double upperBound() {
            return std == 0 ? mean : Double.POSITIVE_INFINITY;
        }

        @Override
        public void validate(String where, List<String> problems) {
            if (!Double.isFinite(mean) || !(std >= 0) || !Double.isFinite(std)) {
                problems.add(where + ": normal needs a finite mean and std >= 0, got mean " + mean + ", std " + std);
            }
        }
    }

    /** Normal truncated to [min, max] by rejection. */
    record NormalClipped(double mean, double std, double min, double max) implements Distribution {
        @Override
        public double sample(RandomStream r) {
            if (std == 0) {
                return Math.max(min, Math.min(max, mean));
            }
            for (int i = 0; i < 1_000_000; i++) {
                double x = mean + std * r.nextGaussian();
                if (x >= min && x <= max) {
                    return x;
                }
            }
            throw new IllegalStateException("normal_clipped: acceptance region [" + min + ", " + max
                    + "] is too far in the tail of N(" + mean + ", " + std + ")");
        }

        @Override
        public double lowerBound() {
            return min;
        }

        @Override
        public double upperBound() {
            return max;
        }

        @Override
        public void validate(String where, List<String> problems) {
            if (!Double.isFinite(mean) || !(std >= 0) || !Double.isFinite(std) || !(min < max)) {
                problems.add(where + ": normal_clipped needs finite mean, std >= 0 and min < max, got mean "
                        + mean + ", std " + std + ", [" + min + ", " + max + "]");
            } else if (std > 0 && acceptance() < 1e-5) {
                problems.add(where + ": normal_clipped range [" + min + ", " + max + "] holds a fraction "
                        + String.format("%.2g", acceptance()) + " of N(" + mean + ", " + std
                        + "); values could not be drawn by redrawing");
            }
        }

        /** Probability that N(mean, std) falls in [min, max]. */
        double acceptance() {
            return 0.5 * (erfc((min - mean) / (std * Math.sqrt(2))) - erfc((max - mean) / (std * Math.sqrt(2))));
        }

        /** Complementary error function (Numerical Recipes erfcc, fractional error below 1.2e-7). */
        private static double erfc(double x) {
            if (Double.isInfinite(x)) {
                return x > 0 ? 0 : 2;
            }
            double z = Math.abs(x);
            double t = 1 / (1 + 0.5 * z);
            double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? r : 2 - r;
        }
    }

    /** Log-normal distribution. */
    record LogNormal(double mu, double sigma) implements Distribution {
        @Override
        public double sample(RandomStream r) {
            return Math.exp(mu + sigma * r.nextGaussian());
        }

        @Override
        public double lowerBound() {
            return 0;
        }

        @Override
        public double upperBound() {
            return sigma == 0 ? Math.exp(mu) : Double.POSITIVE_INFINITY;
        }

        @Override
        public double mean() {
            return Math.exp(mu + 0.5 * sigma * sigma);
        }

        @Override
        public void validate(String where, List<String> problems) {
            if (!Double.isFinite(mu) || !(sigma >= 0) || !Double.isFinite(sigma)) {
                problems.add(where + ": lognormal needs finite mu and sigma >= 0, got mu " + mu + ", sigma " + sigma);
            }
        }
    }

    /** Exponential distribution with scale β (mean β). */
    record Exponential(double beta) implements Distribution {
        @Override
        public double sample(RandomStream r) {
            return beta * r.nextExponential();
        }

        @Override
        public double lowerBound() {
            return 0;
        }

        @Override
        public double upperBound() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public double mean() {
            return beta;
        }

        @Override
        public void validate(String where, List<String> problems) {
            if (!(beta > 0) || !Double.isFinite(beta)) {
                problems.add(where + ": exponential needs a scale beta > 0, got " + beta);
            }
        }
    }
}
