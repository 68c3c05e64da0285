package ai.humane.accounts.control;

import ai.humane.problems.control.InvalidField;
import java.nio.charset.StandardCharsets;

/**
 * S1: 12 to 128 characters, and at most 72 UTF-8 bytes, which is all bcrypt reads. A longer
 * password is refused, never cut: two passwords equal in their first 72 bytes must not both open
 * the account.
 */
public final class PasswordPolicy {

    public static final int MIN_CHARACTERS = 12;
    public static final int MAX_CHARACTERS = 128;
    public static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    public static void require(String field, String password) {
        if (password == null) {
            throw new InvalidField(field, "is required");
        }
        int characters = password.codePointCount(0, password.length());
        if (characters < MIN_CHARACTERS || characters > MAX_CHARACTERS) {
            throw new InvalidField(field, "must be " + MIN_CHARACTERS + " to " + MAX_CHARACTERS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidField(field, "must be at most " + MAX_BYTES + " bytes in UTF-8 (bcrypt reads no more)");
        }
    }
}
