package ai.humane.audit.control;

import ai.humane.problems.control.RetryLater;

/**
 * The tenant's audit log is being walked as often at once as it may be (L1): a verification (one at a time across
 * instances) or exports (two at a time across instances). 429 with {@code Retry-After}: try again shortly.
 */
public class AuditLogBusy extends RetryLater {

    private AuditLogBusy(String detail) {
        super(429, "rate-limited", "Too many requests", detail, 5);
    }

    public static AuditLogBusy verifying() {
        return new AuditLogBusy("A verification of this audit log is running; try again when it has ended");
    }

    public static AuditLogBusy exporting(int places) {
        return new AuditLogBusy(places + " exports of this audit log are running; try again when one has ended");
    }
}
