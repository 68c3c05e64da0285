package ai.humane.edge.boundary;

import ai.humane.authentication.boundary.AuthenticatedCaller;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.json.control.JsonP;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * L2: one JSON line per request on logger {@code ai.humane.access}: the route template (never the raw
 * path, which carries ids), status, latency, tenant, a hash of the credential's id, the client
 * address and the user agent. The scrubber still runs over it, as over every record. A streamed answer's line is
 * written when its stream has ended ({@link LoggedOnceBegun}).
 */
@Dependent
@PreMatching
@Priority(FilterOrder.ACCESS_LOG)
@Provider
public class AccessLog implements ContainerRequestFilter, ContainerResponseFilter {

    static final Logger LOG = Logger.getLogger("ai.humane.access");
    /**
     * JsonP looks the provider up through the class path on every call; once is enough. The line is written straight
     * from the fields, with no object built first to be written out after.
     */
    private static final JsonGeneratorFactory JSON = JsonP.createGeneratorFactory(Map.of());
    private static final int MAX_AGENT = 300;
    /** Room for a line with a long user agent, so the writer seldom grows. */
    private static final int LINE_CAPACITY = 512;
    private static final String SOURCE = AccessLog.class.getName();
    private static final String STARTED = SOURCE + ".started";
    /** Each resource method's route, worked out once: as many entries as the API has methods. */
    private static final Map<Handler, String> ROUTES = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Inject
    SecurityContext security;

    @Inject
    RequestOrigin origin;

    @Override
    public void filter(ContainerRequestContext request) {
        if (EdgeChain.off()) {
            return;
        }
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        // With the chain off the request filter marked no start, so nothing is written.
        if (!LOG.isLoggable(Level.INFO) || !(request.getProperty(STARTED) instanceof Long started)) {
            return;
        }
        String method = request.getMethod();
        String route = route();
        int status = response.getStatus();
        String ip = origin.ip();
        String agent = request.getHeaderString("User-Agent");
        TenantCaller caller = AuthenticatedCaller.of(request, security).orElse(null);
        if (response.getEntity() instanceof StreamingOutput streamed) {
            response.setEntity(new LoggedOnceBegun(streamed, () -> write(method, route, status, started, ip, agent, caller)),
                    response.getEntityAnnotations(), response.getMediaType());
        } else {
            write(method, route, status, started, ip, agent, caller);
        }
    }

    /**
     * A streamed answer's line, written when its stream has ended, so that its latency is the whole stream's; and
     * only if the answer had begun. A stream that fails before its first byte is answered as a problem, whose
     * answer runs this filter again and is logged then: written here too, the request had two lines, the first
     * with a status no client received.
     */
    private record LoggedOnceBegun(StreamingOutput body, Runnable line) implements StreamingOutput {

        @Override
        public void write(OutputStream output) throws IOException {
            Written.write(body, output, (begun, failure) -> {
                if (begun) {
                    line.run();
                }
            });
            line.run();
        }
    }

    /**
     * Writes one access line: for the API's requests (above) and for the console's pages, which are answered before
     * JAX-RS ({@code ConsolePages}); {@code caller} null when there is none.
     */
    public static void write(String method, String route, int status, long startedNanos, String ip, String userAgent,
                             TenantCaller caller) {
        if (EdgeChain.off() || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        StringWriter text = new StringWriter(LINE_CAPACITY);
        try (JsonGenerator line = JSON.createGenerator(text)) {
            line.writeStartObject()
                    .write("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                    .write("method", method)
                    .write("route", route)
                    .write("status", status)
                    .write("latency_ms", (System.nanoTime() - startedNanos) / 1_000_000)
                    .write("ip", Objects.requireNonNullElse(ip, ""))
                    .write("user_agent", clip(userAgent));
            if (caller != null) {
                line.write("tenant", caller.tenantId().toString()).write("credential", hash(caller.getName()));
            }
            line.writeEnd();
        }
        // The source named: a record without one makes java.util.logging walk the stack to find it, per line.
        LOG.logp(Level.INFO, SOURCE, "filter", text.toString());
    }

    /** The matched resource's templates joined, or "unmatched" (a 404 must not log what was asked for). */
    private String route() {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method method = resource == null ? null : resource.getResourceMethod();
        if (type == null || method == null) {
            return "unmatched";
        }
        return ROUTES.computeIfAbsent(new Handler(type, method), Handler::template);
    }

    /** The class with the method: an inherited method may sit under more than one resource's path. */
    private record Handler(Class<?> type, Method method) {

        String template() {
            String base = type.isAnnotationPresent(Path.class) ? type.getAnnotation(Path.class).value() : "";
            String sub = method.isAnnotationPresent(Path.class) ? "/" + method.getAnnotation(Path.class).value() : "";
            return (base + sub).replace("//", "/");
        }
    }

    /** Clients write what they like here, personal data included: the scrubber masks it on the way out. */
    private static String clip(String value) {
        return value == null ? "" : value.length() > MAX_AGENT ? value.substring(0, MAX_AGENT) : value;
    }

    /** Enough of SHA-256 to tell credentials apart in a log, not to look one up. */
    static String hash(String credential) {
        return HexFormat.of().formatHex(OpaqueToken.hash(credential), 0, 8);
    }
}
