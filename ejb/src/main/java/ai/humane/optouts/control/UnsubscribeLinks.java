package ai.humane.optouts.control;

import java.util.UUID;

/**
 * The unsubscribe links of one recipient, under {@code PUBLIC_BASE_URL}, both carrying the same signed token.
 * The mail's body links the reader to the console's page, which says what the link stops and stops it only
 * when the reader presses its button; {@code List-Unsubscribe} names the API, which a mail client's one-click
 * unsubscribe POSTs to (RFC 8058). A GET of either changes nothing, so a mail scanner or a link prefetcher
 * that opens every link of a message never opts anybody out.
 */
public final class UnsubscribeLinks {

    /** Where the mail client's POST goes, below the base URL; the REST resource is mounted here. */
    public static final String PATH = "api/v1/email/unsubscribe";

    /** The console's page the mail's body links to (a route of ConsolePages). */
    public static final String PAGE = "unsubscribe";

    private final UnsubscribeTokens tokens;
    private final String base;

    public UnsubscribeLinks(UnsubscribeTokens tokens, String publicBaseUrl) {
        this.tokens = tokens;
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
    }

    /** The reader's page (for the body) and the one-click URL (for {@code List-Unsubscribe}), with one token. */
    public Link link(UUID tenant, UUID user, MailList list) {
        String token = tokens.issue(tenant, user, list);
        return new Link(base + PAGE + "?token=" + token, base + PATH + "?token=" + token);
    }

    public UnsubscribeTokens tokens() {
        return tokens;
    }

    /** One recipient's links: the console page a person opens, and the API a mail client POSTs to. */
    public record Link(String page, String oneClick) {
    }
}
