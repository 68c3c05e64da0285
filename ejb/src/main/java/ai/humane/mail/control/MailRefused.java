package ai.humane.mail.control;

import ai.humane.problems.control.InvalidField;

/**
 * A mail that must not be queued: an address that is not one strict RFC 822 address, or a header
 * value that would smuggle another header in. Rolls the caller's transaction back like every problem.
 */
public class MailRefused extends InvalidField {

    private final String reason;

    public MailRefused(String field, String message) {
        super(field, message);
        this.reason = field + " " + message;
    }

    /** Which check refused it, for the outbox's failure note and the log; names the field, never its value. */
    public String reason() {
        return reason;
    }
}
