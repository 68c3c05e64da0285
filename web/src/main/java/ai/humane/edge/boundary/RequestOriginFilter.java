package ai.humane.edge.boundary;

import ai.humane.edge.control.ClientAddresses;
import ai.humane.edge.control.RequestOrigin;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Hands the business components where the request came from: the client address (the peer of the
 * connection, or behind a proxy listed in TRUSTED_PROXIES the address it forwarded) and the user agent.
 * Sign-in throttling, sessions and the audit log all read it, so none of them mistakes the proxy for
 * every client at once.
 */
@Dependent
@Provider
@PreMatching
@Priority(FilterOrder.REQUEST_ORIGIN)
public class RequestOriginFilter implements ContainerRequestFilter {

    @Context
    HttpServletRequest servletRequest;

    @Inject
    RequestOrigin origin;

    @Inject
    ClientAddresses addresses;

    @Override
    public void filter(ContainerRequestContext request) {
        origin.record(addresses.client(servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For")),
                request.getHeaderString(HttpHeaders.USER_AGENT));
    }
}
