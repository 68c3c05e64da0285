package ai.humane.authentication.boundary;

import ai.humane.edge.control.ClientAddresses;
import ai.humane.problems.control.Problem;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.control.OpenedSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * How the authentication mechanism completes an SSO sign-in, for every protocol alike: the protocol's
 * {@link SsoCallback} verifies its message and signs in through {@code SsoSignIn} (rules, audit, session), and the
 * session's cookies are set exactly as a password sign-in sets them (S3). The callback request itself goes on
 * anonymous; its resource only redirects. A refusal is marked on the request and answered inside JAX-RS as
 * problem+json by {@link CredentialRefusals}, with no cookie set and nothing stored.
 */
@ApplicationScoped
public class SsoCallbacks {

    private static final String SIGNED_IN = SsoCallbacks.class.getName() + ".signedIn";

    @Inject
    @Any
    Instance<SsoCallback> callbacks;

    @Inject
    SessionCookies cookies;

    @Inject
    ClientAddresses addresses;

    /** The protocol whose callback {@code request} is, if any. */
    Optional<SsoCallback> callbackFor(HttpServletRequest request) {
        return callbacks.stream().filter(callback -> callback.answers(request)).findFirst();
    }

    /** Verifies, signs in and sets the session cookies; a refusal marks the request instead. */
    void complete(SsoCallback callback, HttpServletRequest request, HttpServletResponse response) {
        try {
            OpenedSession session = callback.signIn(request, response,
                    addresses.client(request.getRemoteAddr(), request.getHeader("X-Forwarded-For")));
            cookies.issue(session.token().value(), session.csrf().value(), session.expiresAt())
                    .forEach(cookie -> response.addHeader("Set-Cookie", cookie));
            request.setAttribute(SIGNED_IN, session);
        } catch (Problem refused) {
            RefusedCredential.refuse(request, refused);
        }
    }

    /** The session an SSO callback opened on this request, for its resource to answer with. */
    public static Optional<OpenedSession> signedIn(ServletRequest request) {
        return request.getAttribute(SIGNED_IN) instanceof OpenedSession session ? Optional.of(session) : Optional.empty();
    }
}
