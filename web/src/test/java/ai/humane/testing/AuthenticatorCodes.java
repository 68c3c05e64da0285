package ai.humane.testing;

import ai.humane.accounts.control.Totp;
import java.time.Duration;
import java.time.Instant;

/**
 * An authenticator app's codes for the tests. Confirming a second factor with the previous step's code leaves now's
 * and the next for the sign-ins that follow (a step is used once), but the server takes only its own step and the ones
 * either side: a step that ends between the code and the server's check makes it two steps old, and refused. So the
 * code is made only while enough of the step is left for it to reach the server.
 */
public final class AuthenticatorCodes {

    private static final long STEP_MILLIS = Totp.STEP.toMillis();

    private AuthenticatorCodes() {
    }

    /** The previous step's code, made when at least {@code reach} of the current step is left (waits otherwise). */
    public static String previousStep(byte[] secret, Duration reach) {
        long left = STEP_MILLIS - Instant.now().toEpochMilli() % STEP_MILLIS;
        if (left < reach.toMillis()) {
            try {
                Thread.sleep(left + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return new Totp().code(secret, Instant.now().minus(Totp.STEP));
    }
}
