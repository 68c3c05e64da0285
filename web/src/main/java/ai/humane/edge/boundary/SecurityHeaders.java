package ai.humane.edge.boundary;

import ai.humane.authentication.boundary.AuthenticatedCaller;
import ai.humane.edge.control.ClientAddresses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Headers every answer carries. HSTS only where the client spoke HTTPS: over plain HTTP a browser
 * ignores it, and trusting X-Forwarded-Proto from anyone but our proxy would let a client claim it.
 */
@Dependent
@Priority(FilterOrder.SECURITY_HEADERS)
@Provider
public class SecurityHeaders implements ContainerResponseFilter {

    /**
     * N3's promised value, the edge's (docker/Caddyfile): until 2026-12-07 the application sent its own (two years, no
     * {@code preload}), which showed only to a request that reached Payara without the edge.
     */
    static final String HSTS = "max-age=31536000; includeSubDomains; preload";
    /** Agrees with {@code frame-ancestors 'none'} in both policies below, for browsers that read only this one. */
    static final String FRAME_OPTIONS = "DENY";
    /** An API answer is never a page: nothing may load or frame it. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    /**
     * Our own pages (the status page) load their own stylesheet and nothing else: no script, no inline style,
     * no images or fonts from anywhere, never framed.
     */
    static final String PAGE_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'none'";

    @Context
    HttpServletRequest servlet;

    @Inject
    SecurityContext security;

    @Inject
    ClientAddresses addresses;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (EdgeChain.off()) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "no-referrer");
        boolean page = response.getMediaType() != null && response.getMediaType().isCompatible(MediaType.TEXT_HTML_TYPE);
        headers.putSingle("Content-Security-Policy", page ? PAGE_CSP : API_CSP);
        headers.putSingle("X-Frame-Options", FRAME_OPTIONS);
        if (overHttps(request)) {
            headers.putSingle("Strict-Transport-Security", HSTS);
        }
        if (AuthenticatedCaller.of(request, security).isPresent()) {
            headers.putSingle("Cache-Control", "no-store");
        }
    }

    private boolean overHttps(ContainerRequestContext request) {
        if (servlet.isSecure()) {
            return true;
        }
        String proto = request.getHeaderString("X-Forwarded-Proto");
        return "https".equalsIgnoreCase(proto) && addresses.fromTrustedProxy(servlet.getRemoteAddr());
    }
}
