package ai.humane.analysis.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keeps the lexicon's accuracy on the labelled set we wrote (evaluation.tsv: negations, intensifiers, emoji,
 * mixed feelings, four languages) from regressing. The floor is the accuracy measured when the set was
 * written, less a point; bench/analysis/REPORT.md has the numbers.
 */
class LexiconAccuracyTest {

    /** Measured 0.991 (227 of 229) on the tuning set. */
    static final double TUNING_FLOOR = 0.98;
    /** Measured 0.877 (57 of 65) on the held-out set, which never tuned the lists. */
    static final double HELD_OUT_FLOOR = 0.86;

    private final Lexicon lexicon = new Lexicon();

    @Test
    void accuracyOnTheTuningSetDoesNotRegress() throws IOException {
        assertAccuracy("evaluation.tsv", TUNING_FLOOR);
    }

    @Test
    void accuracyOnTheHeldOutSetDoesNotRegress() throws IOException {
        assertAccuracy("held-out.tsv", HELD_OUT_FLOOR);
    }

    private void assertAccuracy(String set, double floor) throws IOException {
        List<String[]> rows = labelled(set);
        int right = 0;
        Map<String, Integer> confusion = new TreeMap<>();
        StringBuilder misses = new StringBuilder();
        for (String[] row : rows) {
            String got = lexicon.analyse(row[1]).label();
            confusion.merge(row[0] + " -> " + got, 1, Integer::sum);
            if (row[0].equals(got)) {
                right++;
            } else {
                misses.append("\n  ").append(row[0]).append(" as ").append(got).append(": ").append(row[1]);
            }
        }
        double accuracy = (double) right / rows.size();
        System.out.printf(set + ": lexicon accuracy %.4f (%d of %d); %s%s%n", accuracy, right, rows.size(), confusion, misses);
        assertTrue(accuracy >= floor, set + ": accuracy " + accuracy + " fell below " + floor + misses);
    }

    static List<String[]> labelled(String set) throws IOException {
        try (InputStream in = LexiconAccuracyTest.class.getResourceAsStream("/ai/humane/analysis/" + set)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", 2)).toList();
        }
    }
}
