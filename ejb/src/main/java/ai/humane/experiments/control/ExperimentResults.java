package ai.humane.experiments.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Counts an experiment's messages per variant in the database and turns them into {@link Results}. */
public class ExperimentResults {

    static final double CONFIDENCE = 0.95;

    private static final String PER_VARIANT = """
            SELECT m.variant, count(*), count(DISTINCT m.end_user_id), count(a.sentiment_score), avg(a.sentiment_score),
                   coalesce(var_samp(a.sentiment_score), 0),
                   count(*) FILTER (WHERE a.status IN ('completed', 'unsupported_language')),
                   count(*) FILTER (WHERE jsonb_array_length(a.flags) > 0)
              FROM conversation_messages m LEFT JOIN message_analyses a ON a.message_id = m.id
             WHERE m.experiment_id = ? GROUP BY m.variant""";

    private final int minSample;

    public ExperimentResults(int minSample) {
        this.minSample = Math.max(2, minSample);
    }

    public Results of(Connection db, UUID experiment, String status, List<Assignment.Variant> variants) throws SQLException {
        Map<String, Counts> counts = counts(db, experiment);
        List<Results.VariantResult> results = new ArrayList<>();
        for (Assignment.Variant variant : variants) {
            Counts c = counts.getOrDefault(variant.name(), Counts.NONE);
            results.add(new Results.VariantResult(variant.name(), variant.engineId(), variant.weight(), c.endUsers(),
                    c.messages(), c.analysed(), sentiment(c), flagRate(c)));
        }
        List<Results.Comparison> comparisons = new ArrayList<>();
        Counts baseline = counts.getOrDefault(variants.get(0).name(), Counts.NONE);
        for (Assignment.Variant variant : variants.subList(1, variants.size())) {
            comparisons.add(compare(variant.name(), variants.get(0).name(), baseline,
                    counts.getOrDefault(variant.name(), Counts.NONE)));
        }
        return new Results(experiment, status, CONFIDENCE, minSample, results, comparisons);
    }

    private Results.Estimate sentiment(Counts c) {
        if (c.analysed() < minSample) {
            return null;
        }
        Statistics.Interval interval = Statistics.mean(c.analysed(), c.mean(), c.variance());
        return new Results.Estimate(round(interval.estimate()), round(interval.low()), round(interval.high()), c.analysed());
    }

    private Results.Estimate flagRate(Counts c) {
        if (c.judged() < minSample) {
            return null;
        }
        Statistics.Interval interval = Statistics.wilson(c.flagged(), c.judged());
        return new Results.Estimate(round(interval.estimate()), round(interval.low()), round(interval.high()), c.judged());
    }

    private Results.Comparison compare(String name, String baselineName, Counts baseline, Counts variant) {
        boolean means = baseline.analysed() >= minSample && variant.analysed() >= minSample;
        boolean rates = baseline.judged() >= minSample && variant.judged() >= minSample;
        Statistics.Test welch = means ? Statistics.welch(baseline.analysed(), baseline.mean(), baseline.variance(),
                variant.analysed(), variant.mean(), variant.variance()) : null;
        Statistics.Test z = rates ? Statistics.proportions(baseline.flagged(), baseline.judged(), variant.flagged(),
                variant.judged()) : null;
        return new Results.Comparison(name, baselineName, status(means, welch), difference(welch), status(rates, z),
                difference(z));
    }

    private static String status(boolean enough, Statistics.Test test) {
        return !enough ? "not_enough_data" : test == null ? "no_variation" : "tested";
    }

    private static Results.Difference difference(Statistics.Test test) {
        return test == null ? null : new Results.Difference(round(test.difference()), round(test.low()), round(test.high()),
                round(test.statistic()), test.df() == null ? null : round(test.df()), test.p(), test.p() < 0.05);
    }

    private static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }

    private static Map<String, Counts> counts(Connection db, UUID experiment) throws SQLException {
        Map<String, Counts> counts = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(PER_VARIANT)) {
            query.setObject(1, experiment);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), new Counts(row.getLong(2), row.getLong(3), row.getLong(4), row.getDouble(5),
                            row.getDouble(6), row.getLong(7), row.getLong(8)));
                }
            }
        }
        return counts;
    }

    private record Counts(long messages, long endUsers, long analysed, double mean, double variance, long judged,
                          long flagged) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);
    }
}
