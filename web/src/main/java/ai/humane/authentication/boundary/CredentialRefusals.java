package ai.humane.authentication.boundary;

import ai.humane.edge.boundary.FilterOrder;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a request whose credential the mechanism refused: 401 for an invalid one, 403 for a
 * cookie-authenticated write without its CSRF token. It runs before matching, so an unknown route is
 * refused alike, and after the rate limit, so refusals are counted (per client address).
 */
@Provider
@PreMatching
@Priority(FilterOrder.CREDENTIAL_REFUSALS)
public class CredentialRefusals implements ContainerRequestFilter {

    @Context
    HttpServletRequest servlet;

    @Override
    public void filter(ContainerRequestContext request) {
        RefusedCredential.problemOf(servlet).ifPresent(problem -> {
            throw problem;
        });
        RefusedCredential.of(servlet).ifPresent(refused -> {
            throw refused.problem();
        });
    }
}
