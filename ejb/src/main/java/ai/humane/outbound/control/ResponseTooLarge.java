package ai.humane.outbound.control;

import java.io.IOException;

/**
 * A response body over the limit. The body is abandoned, not drained or truncated: a sender that streams
 * without end must not hold a connection, and a cut-off body must never pass for a complete one.
 */
public final class ResponseTooLarge extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final long limitBytes;

    ResponseTooLarge(int status, long limitBytes) {
        super("response body is larger than " + limitBytes + " bytes (status " + status + ")");
        this.status = status;
        this.limitBytes = limitBytes;
    }

    /** The status line that came before the oversized body. */
    public int status() {
        return status;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
