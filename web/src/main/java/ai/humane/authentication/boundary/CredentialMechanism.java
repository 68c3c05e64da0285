package ai.humane.authentication.boundary;

import ai.humane.apikeys.entity.ApiKeySecret;
import ai.humane.console.boundary.ConsolePages;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.control.SessionCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import java.util.Set;

/**
 * The one authentication mechanism of the application: it reads whichever credential the request
 * carries (an Authorization bearer first, then the session cookie) and lets the identity stores
 * decide. A request without a credential goes on anonymous, so {@code @RolesAllowed} answers 401.
 * A credential that is presented but not valid, or a cookie-authenticated write without the matching
 * CSRF token, goes on anonymous too but marked {@link RefusedCredential}: {@link CredentialRefusals}
 * refuses it inside JAX-RS, after the rate limit has counted it, so refusals carry the same headers,
 * log line and limits as any other answer. An SSO protocol's callback ({@link SsoCallback}) is routed to
 * {@link SsoCallbacks}, which opens the same session a password sign-in opens.
 */
@ApplicationScoped
public class CredentialMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    /**
     * The sign-in steps (password, second factor, an IdP-initiated sign-in's confirmation), which a session cookie
     * without its CSRF token must not block.
     */
    private static final Set<String> SIGN_IN = Set.of("/" + HumaneApi.V1 + "auth/login", "/" + HumaneApi.V1 + "auth/mfa",
            "/" + HumaneApi.V1 + "auth/sso/pending", "/" + HumaneApi.V1 + "auth/sso/confirm");

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SessionGuard sessionGuard;

    @Inject
    SsoCallbacks ssoCallbacks;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        var ssoCallback = ssoCallbacks.callbackFor(request);
        if (ssoCallback.isPresent()) {
            // An identity provider's answer (OIDC callback, SAML ACS) is this request's credential, whatever cookie
            // or header it also carries: verified, then signed in as a password is, or refused as problem+json.
            ssoCallbacks.complete(ssoCallback.get(), request, response);
            return context.doNothing();
        }
        if (ConsolePages.answers(request)) {
            // A console page or asset is the same for everyone: its credential is not looked at (ConsolePages).
            return context.doNothing();
        }
        Credential credential = credential(request);
        if (credential == null) {
            return context.doNothing();
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID && credential instanceof SessionCredential) {
            // A stale cookie must not lock the browser out of signing in again: it is simply no credential.
            return context.doNothing();
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            RefusedCredential.INVALID.mark(request);
            return context.doNothing();
        }
        if (credential instanceof SessionCredential session
                && !sessionGuard.admits((SessionCaller) result.getCallerPrincipal(), session, request, response)) {
            if (!SIGN_IN.contains(request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), ""))) {
                RefusedCredential.CSRF.mark(request);
            }
            // A sign-in step brings its own credential (a password, a code): there a session cookie that came without
            // its CSRF token is no credential, as a stale one is; refused, it kept the browser from signing in again.
            return context.doNothing();
        }
        return context.notifyContainerAboutLogin(result);
    }

    private static Credential credential(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return new ApiKeyCredential("");
            }
            String token = authorization.substring(BEARER.length()).trim();
            return token.startsWith(ApiKeySecret.MARKER) ? new ApiKeyCredential(token) : new AccessTokenCredential(token);
        }
        String session = SessionCookies.sent(request, SessionCookies.SESSION);
        return session == null ? null : new SessionCredential(session);
    }
}
