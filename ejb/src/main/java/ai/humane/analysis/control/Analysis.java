package ai.humane.analysis.control;

import java.util.List;
import java.util.Map;

/**
 * What an engine says about one message. {@code status} is {@code completed}, or
 * {@code unsupported_language} when the lexicon knows no language of the message (then there is no
 * sentiment and no emotions; personal data is still found). Emotions are the six of Ekman with a share
 * each; flags are names such as {@code crisis} or {@code personal_data.card}, sorted.
 */
public record Analysis(String status, Double score, String label, Map<String, Double> emotions, List<String> flags,
                       String language) {

    public static final List<String> EMOTIONS = List.of("joy", "sadness", "anger", "fear", "surprise", "disgust");

    public static final List<String> FLAGS = List.of("crisis", "abuse", "personal_data.card", "personal_data.aadhaar",
            "personal_data.pan", "personal_data.phone", "cancellation_intent", "frustration", "human_request");

    public Analysis {
        emotions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(emotions));
        flags = flags.stream().distinct().sorted().toList();
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    /** The label of a compound score: beyond ±0.05 positive or negative, else neutral (VADER's thresholds). */
    public static String label(double score) {
        return score >= 0.05 ? "positive" : score <= -0.05 ? "negative" : "neutral";
    }
}
