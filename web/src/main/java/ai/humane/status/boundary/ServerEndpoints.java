package ai.humane.status.boundary;

import ai.humane.edge.boundary.AccessLog;
import ai.humane.edge.boundary.ForwardedFor;
import ai.humane.edge.boundary.ServletProblem;
import ai.humane.edge.control.ClientAddresses;
import ai.humane.status.control.MetricsToken;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Payara's own endpoints in this web module (MicroProfile Health, OpenAPI and Metrics, which Payara adds to
 * the application at the site root) answer only what api.md promises (N4): the health checks and the
 * OpenAPI document to anyone, by GET or HEAD; metrics only to an operator who presents {@code METRICS_TOKEN}
 * (see {@link MetricsToken}), and to nobody when none is set. Everything else under them, such as the WADL
 * that Payara's OpenAPI application would describe itself with, is a 404 problem.
 * <p>
 * The container applies this filter by the same normalised path with which it picks the servlet, so no
 * spelling of the path ({@code /api/v1/../../metrics}, {@code %2e%2e}, {@code //}, {@code ;params}) reaches
 * one of these servlets without passing here.
 */
@Dependent
@WebFilter(urlPatterns = {"/health/*", "/openapi/*", "/metrics/*"}, asyncSupported = true)
public class ServerEndpoints extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String METRICS = "/metrics";
    private static final List<String> ENDPOINTS = List.of("/health", "/openapi", METRICS);
    /** What may follow each public endpoint's path: nothing, a slash, or a named health check. */
    private static final Map<String, Set<String>> PUBLIC = Map.of(
            "/health", Set.of("", "/", "/live", "/ready", "/started"),
            "/openapi", Set.of("", "/"));

    @Inject
    @ConfigProperty(name = "metrics.token")
    transient Optional<String> configuredToken;

    @Inject
    transient ClientAddresses addresses;

    private transient Optional<MetricsToken> token;

    @PostConstruct
    void readToken() {
        try {
            token = MetricsToken.from(configuredToken);
        } catch (IllegalArgumentException guessable) {
            // StartupChecks refuses to start with such a token; until then nobody is let in with it.
            token = Optional.empty();
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // The endpoint's servlet may be Payara's (servlet path /health, pathInfo /ready) or the application's
        // JAX-RS servlet at /* (servlet path "", pathInfo /openapi): read the whole normalised path.
        long started = System.nanoTime();
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        String endpoint = endpointOf(path);
        boolean toTheApi = answer(request, response, chain, endpoint, path.substring(endpoint.length()));
        if (!toTheApi) {
            // Payara's health and metrics servlets, and this filter's own refusals, are no JAX-RS request: the access
            // log (L2) has their line from here, by the endpoint, never the path (until 2026-12-08 it had none, a
            // refused metrics token's included; a review). The OpenAPI document is the API's, which logs it.
            AccessLog.write(request.getMethod(), ENDPOINTS.contains(endpoint) ? endpoint.substring(1) : "server-endpoint",
                    response.getStatus(), started, addresses.client(request.getRemoteAddr(), ForwardedFor.of(request)),
                    request.getHeader("User-Agent"), null);
        }
    }

    /** Answers the request, or passes it on; whether it went on to the API (JAX-RS), which logs it itself. */
    private boolean answer(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String endpoint,
                           String rest) throws IOException, ServletException {
        if (METRICS.equals(endpoint) && token.isEmpty()) {
            notFound(response);
        } else if (METRICS.equals(endpoint) && !token.get().admits(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
            ServletProblem.send(response, 401, "unauthenticated", "Unauthenticated",
                    "Metrics are for operators: send METRICS_TOKEN as a bearer token");
        } else if (!METRICS.equals(endpoint) && !PUBLIC.getOrDefault(endpoint, Set.of()).contains(rest)) {
            notFound(response);
        } else if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            ServletProblem.send(response, 405, "method-not-allowed", "Method not allowed",
                    "This path does not accept this method");
        } else {
            chain.doFilter(request, response);
            return "/openapi".equals(endpoint);
        }
        return false;
    }

    private static String endpointOf(String path) {
        for (String endpoint : List.of(METRICS, "/health", "/openapi")) {
            if (path.equals(endpoint) || path.startsWith(endpoint + "/")) {
                return endpoint;
            }
        }
        return path;
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        ServletProblem.send(response, 404, "not-found", "Not found", "Nothing is at this path");
    }
}
