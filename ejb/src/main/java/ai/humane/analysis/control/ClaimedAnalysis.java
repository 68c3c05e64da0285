package ai.humane.analysis.control;

import java.util.UUID;

/**
 * A queued LLM analysis taken by one dispatcher under {@code claim}, with what the call needs: the message
 * content (held in memory for the call only), the provider URL, the sealed key and the engine's settings.
 * {@code toString} names ids only.
 */
public record ClaimedAnalysis(UUID id, UUID claim, UUID tenantId, MessageRef message, int attempts, String content,
                              String providerUrl, String sealedKey, String config) {

    @Override
    public String toString() {
        return "ClaimedAnalysis[" + id + " of message " + message.messageId() + ", tenant " + tenantId + "]";
    }
}
