package ai.humane.accounts.boundary;

import ai.humane.apikeys.boundary.ApiKeyCredential;
import ai.humane.apikeys.entity.ApiKeySecret;
import ai.humane.sessions.boundary.AccessTokenCredential;
import ai.humane.problems.boundary.ProblemResponse;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.boundary.SessionCredential;
import ai.humane.sessions.control.SessionCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one authentication mechanism of the application: it reads whichever credential the request
 * carries (an Authorization bearer first, then the session cookie) and lets the identity stores
 * decide. A request without a credential goes on anonymous, so {@code @RolesAllowed} answers 401;
 * a credential that is presented but not valid is refused at once, as is a cookie-authenticated
 * write without the matching CSRF token.
 */
@ApplicationScoped
public class CredentialMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SessionGuard sessionGuard;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
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
            return refuse(response, 401, "unauthenticated", "Unauthenticated",
                    "The credential is not valid (unknown, revoked, expired or malformed)");
        }
        if (credential instanceof SessionCredential session
                && !sessionGuard.admits((SessionCaller) result.getCallerPrincipal(), session, request, response)) {
            return refuse(response, 403, "csrf-token-invalid", "CSRF token missing or wrong",
                    "Cookie-authenticated writes must send X-CSRF-Token equal to the humane_csrf cookie");
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
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : Arrays.stream(cookies)
                .filter(c -> SessionCookies.SESSION.equals(c.getName()) && !c.getValue().isEmpty())
                .findFirst().map(c -> new SessionCredential(c.getValue())).orElse(null);
    }

    private static AuthenticationStatus refuse(HttpServletResponse response, int status, String slug, String title,
                                               String detail) {
        try {
            var problem = ProblemResponse.of(status, slug, title, detail).build();
            response.setStatus(status);
            response.setContentType(ProblemResponse.PROBLEM_JSON.toString());
            if (status == 401) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"humane\", error=\"invalid_token\"");
            }
            // Bytes, not a Writer: a Writer would add "charset=ISO-8859-1" to the media type.
            response.getOutputStream().write(((String) problem.getEntity()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Could not answer a refused request", e);
        }
        // Not context.responseUnauthorized(): its sendError would replace the problem body.
        return AuthenticationStatus.SEND_FAILURE;
    }
}
