package ai.humane.webhooks.control;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A delivery taken by one dispatcher batch under {@code claim}: what to send, where, and the sealed
 * secrets that sign it (the previous one only while its overlap lasts). {@code failures} are the failed tries of its
 * retry schedule so far, since {@code firstAttemptAt}, the schedule's first try (null before it: none yet, or none
 * since a manual retry started the schedule afresh).
 */
public record ClaimedDelivery(UUID id, UUID claim, UUID tenantId, int failures, Instant firstAttemptAt,
                              UUID eventId, String eventType, String body, UUID endpointId, String url,
                              List<String> sealedSecrets) {
}
