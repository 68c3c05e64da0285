package ai.humane.optouts.control;

import ai.humane.problems.control.Problem;

/**
 * A link token that is not one Humane signed as it stands: altered, cut short, too long, not base64url,
 * of another version or purpose. One answer for all of them, so a forger learns nothing from which.
 */
public class InvalidToken extends Problem {

    public InvalidToken() {
        super(400, "invalid-token", "Invalid token",
                "The link is not valid: it was altered, cut short or not issued by Humane");
    }
}
