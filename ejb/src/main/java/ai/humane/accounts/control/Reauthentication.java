package ai.humane.accounts.control;

/**
 * How the caller proved, in the request itself, that the person is at the keyboard before their second factor
 * changes (S8): a stolen session alone must not turn the account into someone else's. Only {@code Passwords} answers
 * {@link #PASSWORD}, after checking it as a sign-in (S2).
 */
public enum Reauthentication {

    /** The member's current password was typed and was right. */
    PASSWORD,
    /**
     * No password was typed, or the member has none (signed in through SSO only): a member with a password is
     * refused, one without is asked for a sign-in of the last few minutes instead.
     */
    NONE
}
