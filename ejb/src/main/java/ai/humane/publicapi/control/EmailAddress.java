package ai.humane.publicapi.control;

import ai.humane.problems.control.InvalidField;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A public visitor's address in one canonical form (trimmed, lower case), so the same person is one
 * row. Deliberately strict: one local part and a dotted domain, no spaces, quotes or line breaks.
 */
public final class EmailAddress {

    private static final Pattern STRICT = Pattern.compile(
            "[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private EmailAddress() {
    }

    public static String normalised(String raw) {
        String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 320 || !STRICT.matcher(email).matches()) {
            throw new InvalidField("email", "must be a valid e-mail address");
        }
        return email;
    }
}
