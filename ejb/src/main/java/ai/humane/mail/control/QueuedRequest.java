package ai.humane.mail.control;

/** Work a caller left in the outbox for the dispatcher: its kind and the address it is about (MailSeal). */
public record QueuedRequest(MailKind kind, String address) {
}
