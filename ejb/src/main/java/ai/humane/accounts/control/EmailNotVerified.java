package ai.humane.accounts.control;

import ai.humane.problems.control.Problem;

/**
 * What a person whose address is not proven yet may not do (S7, S8): enrol a second factor. Until the address is
 * verified the account may be anyone's who typed it at sign-up, and a factor of theirs would hold for the address's
 * owner too once they take the account back with a password reset.
 */
public class EmailNotVerified extends Problem {

    public EmailNotVerified(String detail) {
        super(403, "email-verification-required", "E-mail address not verified", detail);
    }
}
