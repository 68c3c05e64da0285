package ai.humane.accounts.control;

import ai.humane.problems.control.InvalidField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one spelling of an e-mail address, used by every path that takes one (sign-up, sign-in, password
 * reset, invitations, the public desk) before it looks anything up, stores or mails anything:
 * <ol>
 * <li>white space around the address is trimmed;</li>
 * <li>what is left must be printable ASCII: a control character, inner white space or any non-ASCII
 *     character is refused, not folded. Case folding outside ASCII is not one function: Java folds a
 *     Kelvin sign (U+212A) to {@code k} and a dotted capital I (U+0130) to {@code i} plus a combining dot,
 *     PostgreSQL's {@code lower()} folds it to {@code i}, and mail servers do what they like. An
 *     internationalised domain is written in its ASCII ({@code xn--}) form; a non-ASCII local part
 *     (RFC 6531) is not accepted;</li>
 * <li>ASCII letters are folded to lower case (exact: {@link Locale#ROOT} on ASCII);</li>
 * <li>the result is a dot-atom local part of at most 64 characters, {@code @}, and a domain of at least
 *     two dot-separated labels of letters, digits and inner hyphens; 254 characters at most (RFC 5321).</li>
 * </ol>
 * The database holds the same rule as a CHECK on {@code users} and {@code invitations} (V12).
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;
    private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern CANONICAL = Pattern.compile(
            "(?=[^@]{1,64}@)" + ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    public EmailAddress {
        if (value == null || value.length() > MAX_LENGTH || !CANONICAL.matcher(value).matches()) {
            throw new IllegalArgumentException("not an e-mail address in its one spelling");
        }
    }

    /** The one spelling of what a caller typed, or empty when it has none. */
    public static Optional<EmailAddress> canonical(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String trimmed = typed.strip();
        if (trimmed.length() > MAX_LENGTH || !PRINTABLE_ASCII.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        String folded = trimmed.toLowerCase(Locale.ROOT);
        return CANONICAL.matcher(folded).matches() ? Optional.of(new EmailAddress(folded)) : Optional.empty();
    }

    /** The one spelling, or 400 {@code validation} naming {@code field}. */
    public static EmailAddress parse(String field, String typed) {
        return canonical(typed).orElseThrow(() -> new InvalidField(field, typed != null && !typed.strip().isEmpty()
                && !PRINTABLE_ASCII.matcher(typed.strip()).matches()
                ? "must be written in ASCII: control characters, inner spaces and non-ASCII characters are refused"
                + " (write an internationalised domain in its xn-- form)"
                : "must be an e-mail address (name@example.com, at most " + MAX_LENGTH + " characters)"));
    }

    @Override
    public String toString() {
        return value;
    }
}
