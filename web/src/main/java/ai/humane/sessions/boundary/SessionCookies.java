package ai.humane.sessions.boundary;

import ai.humane.sessions.control.OpenedSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two cookies of a browser session (S3): {@code humane_session} (HttpOnly) and
 * {@code humane_csrf} (readable by the page, for the double-submit header). Both Secure,
 * SameSite=Lax, Path=/, and scoped by COOKIE_DOMAIN when it is set.
 */
@ApplicationScoped
public class SessionCookies {

    public static final String SESSION = "humane_session";
    public static final String CSRF = "humane_csrf";

    @Inject
    @ConfigProperty(name = "cookie.domain")
    Optional<String> domain;

    /**
     * Set-Cookie values for a session just opened. The session cookie lives until the session's sliding expiry and
     * is re-sent whenever it slides; the CSRF cookie is never re-sent (its value exists in clear only now), so it
     * lives until the session's absolute expiry, which no slide passes. Given the sliding expiry it vanished while
     * its session was still in use (15 minutes under a BAA), and every write, sign-out and sign-in was then refused.
     * Alone it opens nothing: it only proves that a request with the session cookie came from the console.
     */
    public List<String> issue(OpenedSession opened) {
        return both(opened.token().value(), opened.csrf().value(), opened.expiresAt(), opened.absoluteExpiresAt());
    }

    /**
     * The value of the request's first non-empty cookie named {@code name}, or null: the session cookie the caller was
     * signed in with ({@code CredentialMechanism}), the CSRF cookie the double submit is checked against
     * ({@code SessionGuard}). A browser may send two of a name (one scoped by COOKIE_DOMAIN, one not): every reader
     * takes the same one.
     */
    public static String sent(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : Arrays.stream(cookies)
                .filter(c -> name.equals(c.getName()) && !c.getValue().isEmpty())
                .map(Cookie::getValue).findFirst().orElse(null);
    }

    /** Set-Cookie values that make the browser forget both. */
    public List<String> clear() {
        return List.of(cookie(SESSION, "", 0, true), cookie(CSRF, "", 0, false));
    }

    /**
     * Set-Cookie values for a session that moved to another tenant, with the ends it has there: into a tenant under a
     * BAA it ends 15 minutes idle and 12 hours after its sign-in (O6), while its cookies still said 30 and 90 days
     * until the next slide. {@code csrf} is the value the move's own request proved (double submit).
     */
    public List<String> moved(String session, String csrf, Sessions.Ends ends) {
        return both(session, csrf, ends.idle(), ends.absolute());
    }

    /** The session cookie until the session's sliding end, the CSRF cookie until its absolute end. */
    private List<String> both(String session, String csrf, OffsetDateTime idle, OffsetDateTime absolute) {
        return List.of(cookie(SESSION, session, secondsUntil(idle), true),
                cookie(CSRF, csrf, secondsUntil(absolute), false));
    }

    /** The session cookie alone, slid to a new expiry. */
    public String slide(String session, OffsetDateTime expiresAt) {
        return cookie(SESSION, session, secondsUntil(expiresAt), true);
    }

    private static long secondsUntil(OffsetDateTime expiresAt) {
        return Math.max(0, (Duration.between(OffsetDateTime.now(), expiresAt).toMillis() + 500) / 1000);
    }

    private String cookie(String name, String value, long maxAge, boolean httpOnly) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Max-Age=").append(maxAge).append("; Path=/");
        domain.filter(d -> !d.isBlank()).ifPresent(d -> cookie.append("; Domain=").append(d));
        cookie.append("; Secure");
        if (httpOnly) {
            cookie.append("; HttpOnly");
        }
        return cookie.append("; SameSite=Lax").toString();
    }
}
