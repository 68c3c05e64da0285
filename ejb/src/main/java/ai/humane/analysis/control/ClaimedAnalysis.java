package ai.humane.analysis.control;

import java.util.UUID;

/**
 * A queued LLM analysis taken by one dispatcher under {@code claim}, with what the call needs: the message
 * content (held in memory for the call only), the provider URL, the sealed key, the engine's settings, and whether
 * the content may leave at all ({@code mayLeave}: false for a tenant under a BAA and an engine not covered by one, O6).
 * {@code toString} names ids only.
 */
public record ClaimedAnalysis(UUID id, UUID claim, UUID tenantId, MessageRef message, int attempts, String content,
                              String providerUrl, String sealedKey, String config, boolean mayLeave) {

    @Override
    public String toString() {
        return "ClaimedAnalysis[" + id + " of message " + message.messageId() + ", tenant " + tenantId + "]";
    }
}
