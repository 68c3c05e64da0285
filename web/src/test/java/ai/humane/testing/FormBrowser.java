package ai.humane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser for sign-in flows, as far as they need one: a cookie jar, redirects followed hop by hop (so a test
 * can stop at any of them, e.g. before the callback), and HTML forms filled and posted (the identity provider's
 * login page, a SAML POST-binding page). Loopback only: a URI on any other host fails the test before a packet
 * leaves. The jar sends Secure cookies over plain HTTP, as every test here talks plain HTTP to loopback.
 */
public final class FormBrowser {

    private static final int MAX_HOPS = 20;

    /** HTTP/1.1 (no h2c upgrade), and redirects are ours to follow. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, HttpCookie> jar = new LinkedHashMap<>();

    /** One answer: where it came from, status, headers and body. */
    public record Page(URI uri, int status, HttpHeaders headers, String body) {

        public Optional<URI> location() {
            return headers.firstValue("Location").map(uri::resolve);
        }

        public boolean redirect() {
            return status >= 300 && status < 400 && location().isPresent();
        }

        public Document document() {
            return Jsoup.parse(body, uri.toString());
        }
    }

    /** One GET, no redirect followed. */
    public Page get(URI uri) {
        return send(HttpRequest.newBuilder(loopback(uri)).GET());
    }

    /** GET, then every redirect until an answer that is not one. */
    public Page open(URI uri) {
        return follow(get(uri), target -> false);
    }

    /** Follows {@code page}'s redirects until one would lead to a URI {@code stopAt} accepts (not requested). */
    public Page follow(Page page, Predicate<URI> stopAt) {
        Page current = page;
        for (int hop = 0; current.redirect() && !stopAt.test(current.location().orElseThrow()); hop++) {
            if (hop == MAX_HOPS) {
                throw new AssertionError("More than " + MAX_HOPS + " redirects, last to " + current.location().orElseThrow());
            }
            current = get(current.location().orElseThrow());
        }
        return current;
    }

    /**
     * Posts the form {@code selector} names on {@code page} with all its fields (hidden ones included), the
     * given values replacing or adding to them; no redirect followed.
     */
    public Page submit(Page page, String selector, Map<String, String> values) {
        Element form = Optional.ofNullable(page.document().selectFirst(selector))
                .orElseThrow(() -> new AssertionError("No form " + selector + " on " + page.uri() + ": " + page.body()));
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.putAll(values);
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        URI action = URI.create(form.absUrl("action").isEmpty() ? page.uri().toString() : form.absUrl("action"));
        return send(HttpRequest.newBuilder(loopback(action)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts JSON as the console's script does (same origin, the jar's cookies); no redirect followed. */
    public Page postJson(URI uri, String json) {
        return send(HttpRequest.newBuilder(loopback(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Fills Keycloak's login form on {@code loginPage} and posts it; no redirect followed. */
    public Page signInAtKeycloak(Page loginPage, String username, String password) {
        return submit(loginPage, "form#kc-form-login", Map.of("username", username, "password", password));
    }

    /** The value of a cookie the browser holds, whatever its path. */
    public Optional<String> cookie(String name) {
        return jar.values().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }

    /** Forgets every cookie: a different browser from here on. */
    public void clearCookies() {
        jar.clear();
    }

    private Page send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        String cookies = cookiesFor(built.uri());
        HttpRequest withCookies = cookies.isEmpty() ? built
                : HttpRequest.newBuilder(built, (name, value) -> true).header("Cookie", cookies).build();
        try {
            HttpResponse<String> answer = http.send(withCookies, HttpResponse.BodyHandlers.ofString());
            answer.headers().allValues("Set-Cookie").forEach(this::keep);
            return new Page(built.uri(), answer.statusCode(), answer.headers(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keep(String setCookie) {
        for (HttpCookie cookie : HttpCookie.parse("Set-Cookie: " + setCookie)) {
            String path = cookie.getPath() == null ? "/" : cookie.getPath();
            cookie.setPath(path);
            String key = cookie.getName() + ";" + path;
            if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                jar.remove(key);
            } else {
                jar.put(key, cookie);
            }
        }
    }

    private String cookiesFor(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        jar.values().removeIf(HttpCookie::hasExpired);
        return jar.values().stream().filter(c -> path.startsWith(c.getPath()))
                .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    private static URI loopback(URI uri) {
        String host = uri.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"[::1]".equals(host)) {
            throw new AssertionError("Tests talk to loopback only, not to " + uri);
        }
        return uri;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
