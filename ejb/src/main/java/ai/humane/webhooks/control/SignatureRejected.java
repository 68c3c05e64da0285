package ai.humane.webhooks.control;

import ai.humane.problems.control.Problem;
import java.util.Map;

/**
 * An inbound request whose signature is missing, malformed, stale or made with no secret of the engine
 * (W2). An engine without an inbound secret, or none at all, is refused the same way, so the answer does
 * not confirm that an engine exists.
 */
public class SignatureRejected extends Problem {

    private static final long serialVersionUID = 1L;

    public SignatureRejected(String detail) {
        super(401, "invalid-signature", "Signature not valid", detail);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Humane-Signature");
    }
}
