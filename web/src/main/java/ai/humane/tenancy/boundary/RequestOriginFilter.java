package ai.humane.tenancy.boundary;

import ai.humane.tenancy.control.RequestOrigin;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Hands the business components where the request came from: the peer address of the connection
 * (the proxy's, behind one, until trusted proxies are configured) and the user agent.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 1000)
public class RequestOriginFilter implements ContainerRequestFilter {

    @Context
    HttpServletRequest servletRequest;

    @Inject
    RequestOrigin origin;

    @Override
    public void filter(ContainerRequestContext request) {
        origin.record(servletRequest.getRemoteAddr(), request.getHeaderString(HttpHeaders.USER_AGENT));
    }
}
