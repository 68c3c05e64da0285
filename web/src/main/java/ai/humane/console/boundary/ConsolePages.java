package ai.humane.console.boundary;

import ai.humane.edge.boundary.AccessLog;
import ai.humane.edge.boundary.ForwardedFor;
import ai.humane.edge.control.ClientAddresses;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Serves the console in front of JAX-RS, which sits at the site root and answers every other path with a
 * 404 problem. A GET or HEAD of a console route (its first path segment is one of {@link #ROUTES}) gets the
 * app shell, which routes on the client; {@code /assets/…} gets the file of that name from
 * {@code /console/assets} in the WAR. Anything else, {@code /api/**} included, passes on untouched, so an
 * unknown API path stays a 404 problem. The path is the container's normalised one, the same the servlet
 * is picked by, so no spelling reaches the WAR's other files.
 *
 * <p>The pages are the same for everyone, so no credential is looked at for them ({@link #answers}: the credential
 * mechanism does nothing for these requests; it verified whatever bearer token or cookie they carried before, an
 * ES256 check or a database look-up for a static file, with no limit per address since the rate limiter runs in
 * JAX-RS). Each page gets its access line (L2), as every API request does, under the route {@code console} or
 * {@code console/assets}, never the path.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ConsolePages extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /**
     * The console's own policy: its files only, no inline script or style, no eval; Trusted Types make any
     * assignment of a string to {@code innerHTML} and the like throw, so data can only ever become text.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

    /**
     * First path segments the client routes ("" is the site root); the links in our e-mails open four of them.
     * docker/Caddyfile proxies the same list (ConsoleRoutesTest): a page added here is added there.
     */
    static final List<String> ROUTES = List.of("", "sign-in", "sign-up", "verify-email", "forgot-password",
            "reset-password", "accept-invitation", "webhooks", "monitor", "api-keys", "team", "sessions", "audit",
            "engines", "end-users", "account", "sso", "second-factor", "plan", "privacy", "unsubscribe");

    private static final String SHELL = "/console/index.html";
    private static final Pattern ASSET = Pattern.compile("/assets/([a-z0-9-]+/)*[a-z0-9-]+\\.(js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
            "html", "text/html; charset=utf-8");

    @Inject
    transient ClientAddresses addresses;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        String file = file(request);
        byte[] body = file == null ? null : read(file);
        if (body == null) {
            chain.doFilter(request, response);
            return;
        }
        serve(request, response, file, body);
        AccessLog.write(request.getMethod(), file.equals(SHELL) ? "console" : "console/assets", response.getStatus(), started,
                addresses.client(request.getRemoteAddr(), ForwardedFor.of(request)),
                request.getHeader("User-Agent"), null);
    }

    /** Whether this filter answers the request (when the file is there): a console page or asset, read. */
    public static boolean answers(HttpServletRequest request) {
        return file(request) != null;
    }

    private static String file(HttpServletRequest request) {
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        return !read ? null : ASSET.matcher(path).matches() ? "/console" + path
                : ROUTES.contains(firstSegment(path)) ? SHELL : null;
    }

    static String firstSegment(String path) {
        int end = path.indexOf('/', 1);
        return end < 0 ? path.substring(Math.min(1, path.length())) : path.substring(1, end);
    }

    private byte[] read(String file) throws IOException {
        try (InputStream in = getServletContext().getResourceAsStream(file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void serve(HttpServletRequest request, HttpServletResponse response, String file, byte[] body)
            throws IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        // Revalidated on every load: a new release is picked up at once, an unchanged file costs a 304.
        response.setHeader("Cache-Control", "no-cache");
        String etag = "\"" + digest(body) + "\"";
        response.setHeader("ETag", etag);
        response.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
