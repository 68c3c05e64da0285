package ai.humane.audit.control;

/**
 * The answer of a walk along a tenant's chain: whether every event from the retention anchor to the
 * chain head is present, in order, linked to its predecessor and unchanged; how many events were
 * examined; and where the chain first broke (null when it did not).
 */
public record ChainVerification(boolean valid, long eventsChecked, Long firstBadSeq) {

    static ChainVerification intact(long checked) {
        return new ChainVerification(true, checked, null);
    }

    static ChainVerification brokenAt(long seq, long checked) {
        return new ChainVerification(false, checked, seq);
    }
}
