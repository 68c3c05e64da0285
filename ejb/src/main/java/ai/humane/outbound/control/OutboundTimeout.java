package ai.humane.outbound.control;

import java.io.IOException;

/** The receiver did not connect, or did not send data, within the limits of N2. */
public final class OutboundTimeout extends IOException {

    private static final long serialVersionUID = 1L;

    OutboundTimeout(String message, Throwable cause) {
        super(message, cause);
    }
}
