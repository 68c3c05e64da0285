package ai.humane.edge.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The headers no answer of this web module goes without, set before anything else runs: Payara's own
 * endpoints (health, OpenAPI, metrics) and their error pages never pass {@link SecurityHeaders}, which is
 * a JAX-RS filter. Nothing may frame an answer, and the two headers that say so agree: CSP
 * {@code frame-ancestors 'none'} and {@code X-Frame-Options: DENY}. Payara's own {@code SAMEORIGIN}
 * is switched off in {@code payara-config/pre-boot-commands.asadmin}. {@link SecurityHeaders} then
 * refines what depends on the answer (the status page's CSP, HSTS, no-store).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class BaselineHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(response);
        chain.doFilter(request, response);
    }

    /** For answers written here, in front of JAX-RS, whichever servlet filter writes them. */
    static void apply(HttpServletResponse response) {
        response.setHeader("X-Frame-Options", SecurityHeaders.FRAME_OPTIONS);
        response.setHeader("Content-Security-Policy", SecurityHeaders.API_CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
