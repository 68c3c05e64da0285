package ai.humane.optouts.control;

import java.time.Instant;
import java.util.UUID;

/** What a verified unsubscribe link says: this user of this tenant stops this list; issued then. */
public record UnsubscribeToken(UUID tenant, UUID user, MailList list, Instant issuedAt) {
}
