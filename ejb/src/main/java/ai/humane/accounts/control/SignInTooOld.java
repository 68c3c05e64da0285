package ai.humane.accounts.control;

import ai.humane.problems.control.Problem;

/** A change that turns the account into someone's for good asks for a recent sign-in, not only a valid session (S8). */
public class SignInTooOld extends Problem {

    public SignInTooOld() {
        super(403, "reauthentication-required", "Sign in again",
                "Setting up a second factor needs a sign-in of the last 15 minutes: sign out and in again, then retry");
    }
}
