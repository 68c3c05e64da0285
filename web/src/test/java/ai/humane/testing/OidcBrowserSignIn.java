package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An OIDC sign-in (S5) as a browser goes through it, against the test Keycloak: through Google ({@code "google"}, the
 * realm stands in for it) or a tenant's own connection (its id).
 */
public final class OidcBrowserSignIn {

    private OidcBrowserSignIn() {
    }

    /** Signs in with Google from the start: the callback's answer, which opens the session (not yet followed). */
    public static FormBrowser.Page google(FormBrowser browser, URI base, String email) {
        return browser.get(toCallback(browser, base, "google", email));
    }

    /**
     * Starts at Humane's login route of {@code provider}, signs in at Keycloak, and stops where Keycloak sends the
     * browser back (not yet followed). Every flow asks for PKCE with S256.
     */
    public static URI toCallback(FormBrowser browser, URI base, String provider, String email) {
        FormBrowser.Page start = browser.get(base.resolve("api/v1/auth/oidc/" + provider + "/login"));
        assertEquals(303, start.status(), start.body());
        URI authorization = start.location().orElseThrow();
        assertEquals("S256", query(authorization, "code_challenge_method"));
        FormBrowser.Page login = browser.open(authorization);
        FormBrowser.Page back = browser.follow(browser.signInAtKeycloak(login, email, Keycloak.PASSWORD),
                uri -> uri.getPath().endsWith("/api/v1/auth/oidc/" + provider + "/callback"));
        return back.location().orElseThrow(() -> new AssertionError("Keycloak did not send the browser back: " + back.body()));
    }

    /**
     * Takes each browser to the callback of a sign-in of its own of {@code email} ({@link #toCallback}): the callbacks,
     * in the browsers' order, each followed by its browser when called.
     */
    public static List<Supplier<FormBrowser.Page>> toCallbacks(List<FormBrowser> browsers, URI base, String provider,
                                                               String email) {
        List<Supplier<FormBrowser.Page>> callbacks = new ArrayList<>();
        for (FormBrowser browser : browsers) {
            URI callback = toCallback(browser, base, provider, email);
            callbacks.add(() -> browser.get(callback));
        }
        return callbacks;
    }

    /** The decoded value of a query parameter of {@code uri}. */
    public static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }
}
