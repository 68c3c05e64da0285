package ai.humane.analysis.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An analysis as stored: {@code status} pending, running, completed or unsupported_language; {@code method}
 * lexicon or llm once done; {@code fallbackReason} set when an LLM engine's message was analysed by the
 * lexicon instead, and why.
 */
public record StoredAnalysis(UUID messageId, UUID engineId, String status, String method, String fallbackReason,
                             Double score, String label, JsonObject emotions, JsonArray flags, String language,
                             Instant analysedAt) {
}
