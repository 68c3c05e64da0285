package ai.humane.sessions.control;

import java.time.Instant;
import java.util.UUID;

/** A live session of the signed-in person, in whichever of their tenants it is (V55): what GET /auth/sessions lists. */
public record PersonSession(UUID id, UUID tenantId, Instant createdAt, Instant refreshedAt, Instant expiresAt,
                            String clientIp, String userAgent) {
}
