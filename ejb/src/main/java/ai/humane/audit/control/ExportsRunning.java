package ai.humane.audit.control;

import ai.humane.problems.control.Problem;
import java.util.Map;

/** As many exports of this tenant's audit log as may run at once are running (L1): try again when one has ended. */
public class ExportsRunning extends Problem {

    public ExportsRunning(int places) {
        super(429, "rate-limited", "Too many requests",
                places + " exports of this audit log are running; try again when one has ended");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "5");
    }
}
