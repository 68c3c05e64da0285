package ai.humane.accounts.control;

import ai.humane.problems.control.RetryLater;
import java.time.Duration;

/** Too many failed sign-ins for this account or address (S2): try again after the wait. */
public class LoginThrottled extends RetryLater {

    public LoginThrottled(Duration wait) {
        super(429, "login-throttled", "Too many failed sign-ins", "Wait before trying again, or reset the password",
                Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
