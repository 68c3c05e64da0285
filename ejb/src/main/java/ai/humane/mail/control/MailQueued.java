package ai.humane.mail.control;

/**
 * Fired by the {@link Outbox} in the transaction that queued a mail (not a request); observed once that transaction
 * has committed, so the dispatcher sends at once instead of at its next trigger. Carries nothing: the rows say what to
 * send.
 */
public record MailQueued() {
}
