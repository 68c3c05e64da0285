package ai.humane.webhooks.control;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A delivery taken by one dispatcher batch under {@code claim}: what to send, where, and the sealed
 * secrets that sign it (the previous one only while its overlap lasts, until {@code previousSecretUntil}), as the
 * endpoint stood at its {@code generation} (V45; the lanes hand the delivery back untried when told of a later one,
 * and the outcome of a try sent before they were feeds no breaker of the later one). {@code failures} are the failed
 * tries of its retry schedule so far, since {@code firstAttemptAt}, the schedule's first try (null before it: none
 * yet, or none since a manual retry started the schedule afresh).
 */
public record ClaimedDelivery(UUID id, UUID claim, UUID tenantId, int failures, Instant firstAttemptAt,
                              UUID eventId, String eventType, String body, UUID endpointId, String url,
                              List<String> sealedSecrets, Instant previousSecretUntil, long generation) {

    /**
     * The sealed secrets that sign a try made {@code at}: the previous secret drops out as its overlap ends, also for a
     * delivery claimed before that (a claim waits up to half a lease for its lane).
     */
    public List<String> sealedSecretsAt(Instant at) {
        if (sealedSecrets.size() > 1 && previousSecretUntil != null && !at.isBefore(previousSecretUntil)) {
            return List.of(sealedSecrets.get(0));
        }
        return sealedSecrets;
    }
}
