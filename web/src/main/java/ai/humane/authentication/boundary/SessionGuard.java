package ai.humane.authentication.boundary;

import ai.humane.crypto.control.OpaqueToken;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.SessionCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.MessageDigest;
import java.util.Set;

/**
 * What a cookie-authenticated request must also satisfy: a write carries X-CSRF-Token equal to the
 * humane_csrf cookie and to the token issued with this very session (double submit, bound to the
 * session); and a session due to slide is slid, at most once an hour, with a refreshed cookie.
 */
@ApplicationScoped
public class SessionGuard {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Sessions sessions;

    @Inject
    SessionCookies cookies;

    public boolean admits(SessionCaller caller, SessionCredential credential, HttpServletRequest request,
                          HttpServletResponse response) {
        if (!SAFE.contains(request.getMethod()) && !csrfMatches(request, caller)) {
            return false;
        }
        if (caller.refreshDue()) {
            sessions.slide(caller.tenantId(), caller.sessionId()).ifPresent(ends ->
                    response.addHeader("Set-Cookie", cookies.slide(credential.cookie(), ends.idle())));
        }
        return true;
    }

    private static boolean csrfMatches(HttpServletRequest request, SessionCaller caller) {
        String header = request.getHeader("X-CSRF-Token");
        String cookie = SessionCookies.sent(request, SessionCookies.CSRF);
        return header != null && header.equals(cookie)
                && MessageDigest.isEqual(OpaqueToken.hash(header), caller.csrfHash());
    }
}
