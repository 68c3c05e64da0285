package ai.humane.mail.control;

import java.util.UUID;

/**
 * A row of the outbox held by one dispatcher batch. {@code claim} identifies that batch: marks carry
 * it, so a sender whose lease ran out cannot overwrite the outcome recorded by the sender that took
 * the row over. {@code attempts} counts the failed attempts before this one; {@code sealed} is the mail
 * as a Fernet token, opened only by the sender that is about to hand it over.
 */
public record ClaimedMail(UUID id, UUID claim, int attempts, String sealed) {

    @Override
    public String toString() {
        return "ClaimedMail[id=" + id + ", attempts=" + attempts + "]";
    }
}
