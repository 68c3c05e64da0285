package ai.humane.experiments.control;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The 95 % intervals and tests of experiment results. Means: Student's t interval; two means: Welch's t-test
 * with the Welch–Satterthwaite degrees of freedom. Rates: the Wilson score interval; two rates: the pooled
 * two-proportion z-test, with the unpooled (Wald) interval of the difference. Distributions from Apache
 * Commons Statistics. All two-sided.
 */
public final class Statistics {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);
    /** The two-sided 95 % normal quantile. */
    static final double Z = NORMAL.inverseSurvivalProbability(0.025);

    private Statistics() {
    }

    /** An estimate and its 95 % interval. */
    public record Interval(double estimate, double low, double high) {
    }

    /** A difference (second minus first), its 95 % interval, the test statistic, its degrees of freedom (t only) and p. */
    public record Test(double difference, double low, double high, double statistic, Double df, double p) {
    }

    public static Interval mean(long n, double mean, double variance) {
        double half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(variance / n);
        return new Interval(mean, mean - half, mean + half);
    }

    public static Interval wilson(long k, long n) {
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Welch's t-test of mean2 − mean1; null when both samples have no variance (nothing to test). */
    public static Test welch(long n1, double mean1, double var1, long n2, double mean2, double var2) {
        double a = var1 / n1;
        double b = var2 / n2;
        if (a + b == 0) {
            return null;
        }
        double se = Math.sqrt(a + b);
        double t = (mean2 - mean1) / se;
        double df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
        TDistribution distribution = TDistribution.of(df);
        double p = Math.min(1, 2 * distribution.survivalProbability(Math.abs(t)));
        double half = distribution.inverseSurvivalProbability(0.025) * se;
        double diff = mean2 - mean1;
        return new Test(diff, diff - half, diff + half, t, df, p);
    }

    /** The two-proportion z-test of k2/n2 − k1/n1; null when both rates are 0 or both 1 (nothing to test). */
    public static Test proportions(long k1, long n1, long k2, long n2) {
        double p1 = (double) k1 / n1;
        double p2 = (double) k2 / n2;
        double pooled = (double) (k1 + k2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return null;
        }
        double z = (p2 - p1) / se;
        double p = Math.min(1, 2 * NORMAL.survivalProbability(Math.abs(z)));
        double half = Z * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return new Test(p2 - p1, p2 - p1 - half, p2 - p1 + half, z, null, p);
    }
}
