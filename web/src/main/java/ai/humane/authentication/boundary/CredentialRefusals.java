package ai.humane.authentication.boundary;

import ai.humane.edge.boundary.FilterOrder;
import ai.humane.problems.control.Problem;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Answers a request whose credential the mechanism refused: 401 for an invalid one, 403 for a
 * cookie-authenticated write without its CSRF token; a refused SSO callback, its own problem (or, to a browser
 * navigating there, a 303 to the console's sign-in page: {@link RefusedSignInPage}). It runs before matching, so an
 * unknown route is refused alike, and after the rate limit, so refusals are counted (per client address).
 */
@Provider
@PreMatching
@Priority(FilterOrder.CREDENTIAL_REFUSALS)
public class CredentialRefusals implements ContainerRequestFilter {

    @Context
    HttpServletRequest servlet;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Problem> sso = RefusedCredential.problemOf(servlet);
        if (sso.isPresent() && RefusedSignInPage.wanted(request)) {
            request.abortWith(RefusedSignInPage.of(sso.get()));
            return;
        }
        sso.ifPresent(problem -> {
            throw problem;
        });
        RefusedCredential.of(servlet).ifPresent(refused -> {
            throw refused.problem();
        });
    }
}
