package ai.humane.mail.control;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One plain-text mail to one recipient, checked before it is stored and again before it is sent: the
 * recipient is a single bare address that strict parsing accepts, and no header value carries a control
 * character, so a CR/LF in a name or an address can never add a {@code Bcc:} or a second recipient.
 */
public record OutgoingMail(String recipient, String subject, String body) {

    static final int MAX_RECIPIENT = 320;
    static final int MAX_SUBJECT = 500;
    static final int MAX_BODY = 100_000;

    public OutgoingMail {
        requireHeader("recipient", recipient, MAX_RECIPIENT);
        requireHeader("subject", subject, MAX_SUBJECT);
        if (body == null || body.length() > MAX_BODY) {
            throw new MailRefused("body", "must be present and at most " + MAX_BODY + " characters");
        }
        requireSingleAddress(recipient);
    }

    /** The recipient as Jakarta Mail addresses it. */
    public InternetAddress address() {
        try {
            return new InternetAddress(recipient, true);
        } catch (AddressException e) {
            throw new MailRefused("recipient", "is not a valid e-mail address");
        }
    }

    private static void requireHeader(String field, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw new MailRefused(field, "must be present and at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new MailRefused(field, "must not contain line breaks or other control characters");
        }
    }

    /**
     * Strict parsing alone accepts {@code "Name <a@b.c>"}; only the bare address is allowed. It must be
     * ASCII (an internationalised domain in its xn-- form): Jakarta Mail would put other characters on
     * the wire raw, without the SMTPUTF8 extension, and servers reject or garble them.
     */
    private static void requireSingleAddress(String recipient) {
        if (!recipient.chars().allMatch(c -> c < 0x80)) {
            throw new MailRefused("recipient", "must be an ASCII e-mail address");
        }
        try {
            InternetAddress parsed = new InternetAddress(recipient, true);
            parsed.validate();
            if (!recipient.equals(parsed.getAddress()) || parsed.isGroup() || parsed.getPersonal() != null) {
                throw new MailRefused("recipient", "must be a single bare e-mail address");
            }
        } catch (AddressException e) {
            throw new MailRefused("recipient", "is not a valid e-mail address");
        }
    }
}
