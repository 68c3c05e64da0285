package ai.humane.analysis.control;

import ai.humane.json.control.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The JSON forms of an analysis: stored columns and the {@code data} of the {@code message.analyzed} and
 * {@code end_user.flagged} events. Ids, scores, labels and flags only: never the message.
 */
public final class AnalysisJson {

    private AnalysisJson() {
    }

    public static JsonObject emotions(Analysis analysis) {
        JsonObjectBuilder emotions = JsonP.createObjectBuilder();
        analysis.emotions().forEach(emotions::add);
        return emotions.build();
    }

    public static JsonArray flags(Analysis analysis) {
        JsonArrayBuilder flags = JsonP.createArrayBuilder();
        analysis.flags().forEach(flags::add);
        return flags.build();
    }

    /** The data of {@code message.analyzed}. */
    public static JsonObject analysed(MessageRef ref, Analysis analysis, String method, String fallbackReason) {
        JsonObjectBuilder data = ids(JsonP.createObjectBuilder(), ref)
                .add("status", analysis.status())
                .add("method", method)
                .add("language", analysis.language())
                .add("emotions", emotions(analysis))
                .add("flags", flags(analysis));
        nullable(data, "fallback_reason", fallbackReason);
        if (analysis.score() == null) {
            data.addNull("sentiment");
        } else {
            data.add("sentiment", JsonP.createObjectBuilder().add("score", analysis.score()).add("label", analysis.label()));
        }
        return data.build();
    }

    /** The data of {@code end_user.flagged}. */
    public static JsonObject flagged(MessageRef ref, Analysis analysis) {
        return JsonP.createObjectBuilder().add("end_user_id", ref.endUserId().toString())
                .add("message_id", ref.messageId().toString()).add("flags", flags(analysis)).build();
    }

    private static JsonObjectBuilder ids(JsonObjectBuilder data, MessageRef ref) {
        data.add("message_id", ref.messageId().toString()).add("end_user_id", ref.endUserId().toString());
        nullable(data, "engine_id", ref.engineId() == null ? null : ref.engineId().toString());
        nullable(data, "experiment_id", ref.experimentId() == null ? null : ref.experimentId().toString());
        return nullable(data, "variant", ref.variant());
    }

    private static JsonObjectBuilder nullable(JsonObjectBuilder data, String name, String value) {
        return value == null ? data.addNull(name) : data.add(name, value);
    }
}
