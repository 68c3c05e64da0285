package ai.humane.mail.control;

import jakarta.mail.MessagingException;

/**
 * Where a claimed mail goes: to a real SMTP server ({@link MailTransport}) or, on a development machine
 * without one, into the log ({@link MailLog}).
 */
public interface Delivery {

    /** Hands the mail over; throws when it was not accepted, so the row is tried again later. */
    void deliver(ClaimedMail mail) throws MessagingException;

    /** The status a delivered row ends in: {@code sent} or {@code logged}. */
    String deliveredStatus();

    /** What {@code last_error} keeps of a failure: short, one line, and free of credentials. */
    default String describe(Exception failure) {
        return FailureNote.of(failure);
    }
}
