package ai.humane.mail.control;

import jakarta.mail.MessagingException;

/**
 * Where a claimed mail goes: to a real SMTP server ({@link MailTransport}) or, on a development machine
 * without one, into the log ({@link MailLog}).
 */
public interface Delivery {

    /** Hands the opened mail over; throws when it was not accepted, so the row is tried again later. */
    void deliver(OutgoingMail mail) throws MessagingException;

    /** The status a delivered row ends in: {@code sent} or {@code logged}. */
    String deliveredStatus();

    /**
     * What {@code last_error} keeps of a failure: short, one line, and free of credentials and of the
     * recipient's address (servers name it in their refusals; the row keeps only its domain).
     */
    default String describe(Exception failure, OutgoingMail mail) {
        return FailureNote.of(failure, mail.recipient());
    }
}
