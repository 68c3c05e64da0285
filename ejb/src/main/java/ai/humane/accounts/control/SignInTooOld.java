package ai.humane.accounts.control;

import ai.humane.problems.control.Problem;

/**
 * A change to the second factor of a member without a password (signed in through SSO only) asks for a recent
 * sign-in, not only a valid session (S8): the member has no password to type again. So does a move into a tenant
 * under a BAA of a session signed in longer ago than its sessions may live (O6).
 */
public class SignInTooOld extends Problem {

    public SignInTooOld() {
        this("Changing the second factor of an account without a password needs a sign-in of the last 5 minutes:"
                + " sign out and in again, then retry");
    }

    public SignInTooOld(String detail) {
        super(403, "reauthentication-required", "Sign in again", detail);
    }
}
