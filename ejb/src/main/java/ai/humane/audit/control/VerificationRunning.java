package ai.humane.audit.control;

import ai.humane.problems.control.Problem;
import java.util.Map;

/** Another verification of this tenant's audit log is running (L1): one at a time, try again shortly. */
public class VerificationRunning extends Problem {

    public VerificationRunning() {
        super(429, "rate-limited", "Too many requests",
                "A verification of this audit log is running; try again when it has ended");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "5");
    }
}
