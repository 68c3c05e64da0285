package ai.humane.experiments.control;

import java.util.List;
import java.util.UUID;

/**
 * What an experiment shows so far. Per variant: end users and messages, mean sentiment over its analysed
 * messages and the share of messages that raised a flag, each with a 95 % interval once the variant has
 * {@code minSample} of them. Each variant after the first is compared with the first: Welch's t-test for the
 * means, the two-proportion z-test for the flag rates; below the minimum sample the comparison says
 * {@code not_enough_data} and gives no numbers.
 */
public record Results(UUID experimentId, String status, double confidence, int minSample, List<VariantResult> variants,
                      List<Comparison> comparisons) {

    public record VariantResult(String name, UUID engineId, int weight, long endUsers, long messages, long analysed,
                                Estimate sentiment, Estimate flagRate) {
    }

    /** An estimate with its 95 % interval and the sample it rests on; null below the minimum sample. */
    public record Estimate(double value, double ciLow, double ciHigh, long n) {
    }

    /** {@code variant} against {@code baseline}: each difference is variant minus baseline. */
    public record Comparison(String variant, String baseline, String sentimentStatus, Difference sentiment,
                             String flagRateStatus, Difference flagRate) {
    }

    /** A difference, its 95 % interval, the statistic (t or z), degrees of freedom (t only), p and p < 0.05. */
    public record Difference(double difference, double ciLow, double ciHigh, double statistic, Double df, double pValue,
                             boolean significant) {
    }
}
