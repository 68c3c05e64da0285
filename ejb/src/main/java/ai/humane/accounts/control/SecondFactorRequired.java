package ai.humane.accounts.control;

import ai.humane.problems.control.Problem;
import java.util.Map;

/**
 * The password was right and the account has a second factor (S8): 401 {@code mfa-required}, with the one-time
 * challenge to answer at {@code POST /api/v1/auth/mfa} in the {@code Humane-MFA-Challenge} header. Nothing else
 * of the account is told.
 */
public class SecondFactorRequired extends Problem {

    public static final String HEADER = "Humane-MFA-Challenge";

    private final String challenge;

    public SecondFactorRequired(String challenge) {
        super(401, "mfa-required", "Second factor required",
                "Answer the challenge in the Humane-MFA-Challenge header with a code at /api/v1/auth/mfa within 5 minutes");
        this.challenge = challenge;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of(HEADER, challenge);
    }
}
