package ai.humane.sessions.control;

import ai.humane.crypto.control.OpaqueToken;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A session just opened: the only moment its id and CSRF token exist in clear. */
public record OpenedSession(UUID sessionId, OpaqueToken token, OpaqueToken csrf, OffsetDateTime expiresAt) {
}
