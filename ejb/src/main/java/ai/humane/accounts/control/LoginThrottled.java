package ai.humane.accounts.control;

import ai.humane.problems.control.Problem;
import java.time.Duration;
import java.util.Map;

/** Too many failed sign-ins for this account or address (S2): try again after the wait. */
public class LoginThrottled extends Problem {

    private final long retryAfterSeconds;

    public LoginThrottled(Duration wait) {
        super(429, "login-throttled", "Too many failed sign-ins", "Wait before trying again, or reset the password");
        this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
