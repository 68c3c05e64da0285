package ai.humane.idempotency.control;

import ai.humane.audit.control.EndUserDataRead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The first answer, as much of it as a replay needs, and the reads of end-user data its request recorded
 * ({@code reads}, O6), which a replay records again; null for an answer stored before V53 kept them.
 */
public record StoredResponse(int status, String contentType, String location, byte[] body,
                             List<EndUserDataRead> reads) {

    /** An API key (K1) or a webhook signing secret (K2) in full, as this application makes them. */
    private static final Pattern SECRET = Pattern.compile("hk_live_[A-Za-z0-9_-]{43}|whsec_[A-Za-z0-9+/]{43}=");

    /**
     * True when the body holds one of our secrets in full: such an answer is never kept for replay, whichever
     * operation gave it (the backstop behind the operations that say so themselves, A2).
     */
    public boolean carriesSecret() {
        return body != null && SECRET.matcher(new String(body, StandardCharsets.UTF_8)).find();
    }
}
