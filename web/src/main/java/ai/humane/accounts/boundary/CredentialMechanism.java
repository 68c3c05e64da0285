package ai.humane.accounts.boundary;

import ai.humane.apikeys.boundary.ApiKeyCredential;
import ai.humane.problems.boundary.ProblemResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one authentication mechanism of the application: it reads whichever credential the request
 * carries and lets the identity stores decide. API keys today; sessions, access tokens and SSO
 * plug in here. A request without a credential goes on anonymous, so {@code @RolesAllowed} answers
 * 401; a credential that is presented but not valid is refused at once.
 */
@ApplicationScoped
public class CredentialMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return context.doNothing();
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(response);
        }
        CredentialValidationResult result = identityStores.validate(
                new ApiKeyCredential(authorization.substring(BEARER.length()).trim()));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(response);
        }
        return context.notifyContainerAboutLogin(result);
    }

    private static AuthenticationStatus refuse(HttpServletResponse response) {
        try {
            var problem = ProblemResponse.of(401, "unauthenticated", "Unauthenticated",
                    "The credential is not valid (unknown, revoked or malformed)").build();
            response.setStatus(401);
            response.setContentType(ProblemResponse.PROBLEM_JSON.toString());
            response.setHeader("WWW-Authenticate", "Bearer realm=\"humane\", error=\"invalid_token\"");
            // Bytes, not a Writer: a Writer would add "charset=ISO-8859-1" to the media type.
            response.getOutputStream().write(((String) problem.getEntity()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Could not answer an unauthenticated request", e);
        }
        // Not context.responseUnauthorized(): its sendError would replace the problem body.
        return AuthenticationStatus.SEND_FAILURE;
    }
}
