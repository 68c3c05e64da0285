package ai.humane.optouts.control;

import java.util.UUID;

/**
 * The unsubscribe link of one recipient, under {@code PUBLIC_BASE_URL}: the same URL serves the reader who
 * follows it (GET) and the mail client's one-click unsubscribe (POST, RFC 8058).
 */
public final class UnsubscribeLinks {

    /** Where the link points, below the base URL; the REST resource is mounted here. */
    public static final String PATH = "api/v1/email/unsubscribe";

    private final UnsubscribeTokens tokens;
    private final String base;

    public UnsubscribeLinks(UnsubscribeTokens tokens, String publicBaseUrl) {
        this.tokens = tokens;
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
    }

    public String url(UUID tenant, UUID user, MailList list) {
        return base + PATH + "?token=" + tokens.issue(tenant, user, list);
    }

    public UnsubscribeTokens tokens() {
        return tokens;
    }
}
