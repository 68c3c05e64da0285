package ai.humane.outbound.control;

/**
 * A user-supplied URL the guard will not fetch. The message is meant for the client: it names the rule, and the
 * address block only of an address the client wrote itself; a name that does not resolve and one that resolves to a
 * non-public address read the same, so the guard cannot be used to map internal DNS ({@link #refusal()} tells them
 * apart for the server's own use).
 */
public final class UrlNotAllowed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    public UrlNotAllowed(Refusal refusal, String reason) {
        super(reason);
        this.refusal = refusal;
    }

    UrlNotAllowed(Refusal refusal, String reason, Throwable cause) {
        super(reason, cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    public String reason() {
        return getMessage();
    }
}
