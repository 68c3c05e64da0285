package ai.humane.audit.control;

import ai.humane.problems.control.Problem;
import java.util.Map;

/**
 * The tenant's audit log is being walked as often at once as it may be (L1): a verification (one at a time across
 * instances) or exports (two at a time across instances). 429 with {@code Retry-After}: try again shortly.
 */
public class AuditLogBusy extends Problem {

    private AuditLogBusy(String detail) {
        super(429, "rate-limited", "Too many requests", detail);
    }

    public static AuditLogBusy verifying() {
        return new AuditLogBusy("A verification of this audit log is running; try again when it has ended");
    }

    public static AuditLogBusy exporting(int places) {
        return new AuditLogBusy(places + " exports of this audit log are running; try again when one has ended");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "5");
    }
}
