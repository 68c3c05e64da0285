package ai.humane.sso.boundary;

import ai.humane.sessions.boundary.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The cookie that binds an SSO flow to the browser that began it (S5): a random value whose hash the flow row
 * holds. HttpOnly and Secure; SameSite=Lax, so the provider's top-level redirect back carries it and a
 * cross-site subrequest does not; host-only; scoped to the OIDC paths; ten minutes, like the flow.
 */
final class FlowCookie {

    static final String NAME = "humane_sso_flow";
    private static final String PATH = "/api/v1/auth/oidc/";

    private FlowCookie() {
    }

    static String issue(String value) {
        return NAME + "=" + value + "; Max-Age=" + OidcFlows.LIFETIME.toSeconds() + "; Path=" + PATH
                + "; Secure; HttpOnly; SameSite=Lax";
    }

    static String clear() {
        return NAME + "=; Max-Age=0; Path=" + PATH + "; Secure; HttpOnly; SameSite=Lax";
    }

    /** The flow cookie the browser sent, read as the session's are ({@link SessionCookies#sent}). */
    static Optional<String> of(HttpServletRequest request) {
        return Optional.ofNullable(SessionCookies.sent(request, NAME));
    }
}
