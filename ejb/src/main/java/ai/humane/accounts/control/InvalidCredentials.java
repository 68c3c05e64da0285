package ai.humane.accounts.control;

import ai.humane.problems.control.Problem;

/** One answer for an unknown e-mail and a wrong password alike: nothing tells them apart (S2). */
public class InvalidCredentials extends Problem {

    public InvalidCredentials() {
        super(401, "invalid-credentials", "Invalid credentials", "The e-mail address or the password is wrong");
    }
}
