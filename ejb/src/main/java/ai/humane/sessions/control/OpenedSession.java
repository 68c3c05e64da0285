package ai.humane.sessions.control;

import ai.humane.crypto.control.OpaqueToken;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A session just opened: the only moment its id and CSRF token exist in clear. {@code expiresAt} slides with use;
 * {@code absoluteExpiresAt} is the cap no slide passes.
 */
public record OpenedSession(UUID sessionId, OpaqueToken token, OpaqueToken csrf, OffsetDateTime expiresAt,
                            OffsetDateTime absoluteExpiresAt) {
}
