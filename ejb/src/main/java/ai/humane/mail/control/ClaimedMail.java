package ai.humane.mail.control;

import java.util.UUID;

/**
 * A row of the outbox held by one dispatcher batch. {@code claim} identifies that batch: marks carry
 * it, so a sender whose lease ran out cannot overwrite the outcome recorded by the sender that took
 * the row over. {@code attempts} counts the failed attempts before this one.
 */
public record ClaimedMail(UUID id, UUID claim, int attempts, String recipient, String subject, String body,
                          String unsubscribeUrl) {

    /** Checks the stored row again before it becomes a message: the table is only as safe as its writers. */
    public OutgoingMail outgoing() {
        return new OutgoingMail(recipient, subject, body, unsubscribeUrl);
    }
}
