package ai.humane.mail.control;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.regex.Pattern;

/**
 * One plain-text mail to one recipient, checked before it is stored and again before it is sent: the
 * recipient is a single bare address that strict parsing accepts, and no header value carries a control
 * character, so a CR/LF in a name or an address can never add a {@code Bcc:} or a second recipient.
 * <p>
 * {@code unsubscribeUrl}, when present, becomes {@code List-Unsubscribe} with {@code List-Unsubscribe-Post}
 * (RFC 2369, RFC 8058): one http(s) URL of URI characters only, so it can neither end the angle brackets
 * around it nor add a second URL or header. Security e-mail never has one.
 */
public record OutgoingMail(String recipient, String subject, String body, String unsubscribeUrl) {

    static final int MAX_RECIPIENT = 320;
    static final int MAX_SUBJECT = 500;
    static final int MAX_BODY = 100_000;
    static final int MAX_URL = 2000;
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+;=%-]+");

    public OutgoingMail {
        requireHeader("recipient", recipient, MAX_RECIPIENT);
        requireHeader("subject", subject, MAX_SUBJECT);
        if (body == null || body.length() > MAX_BODY) {
            throw new MailRefused("body", "must be present and at most " + MAX_BODY + " characters");
        }
        requireSingleAddress(recipient);
        if (unsubscribeUrl != null && (unsubscribeUrl.length() > MAX_URL || !URL.matcher(unsubscribeUrl).matches())) {
            throw new MailRefused("unsubscribe_url", "must be one http(s) URL of at most " + MAX_URL + " URI characters");
        }
    }

    /** A mail nobody can unsubscribe from. */
    public OutgoingMail(String recipient, String subject, String body) {
        this(recipient, subject, body, null);
    }

    /** The recipient's domain, lower-cased: what the outbox keeps of the address once the mail is redacted. */
    public String domain() {
        return recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
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
