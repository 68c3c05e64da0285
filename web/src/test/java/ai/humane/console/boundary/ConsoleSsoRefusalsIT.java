package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Chromium;
import ai.humane.testing.HttpTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A refused SSO callback (the OIDC callback, the SAML ACS) reached by a browser navigating there is sent to the
 * console's sign-in page with only the problem type's slug, which the page puts in words; an API client (JSON or no
 * Accept) keeps the problem document. Nothing the request carried reaches the address, and no cookie is set.
 */
class ConsoleSsoRefusalsIT extends HttpTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    private static final String MARKUP = "<script>alert(1)</script>";
    private static final String OIDC = "api/v1/auth/oidc/google/callback?state=" + UUID.randomUUID() + "&code=c&error_description="
            + URLEncoder.encode(MARKUP, StandardCharsets.UTF_8);

    private final Api api = new Api(deployment);

    @Test
    void aBrowserIsSentToTheSignInPageWithTheSlugOnlyAndApiClientsKeepTheProblem() {
        Api.Answer page = api.send(api.request(OIDC, null).header("Accept", BROWSER).GET());
        assertEquals(303, page.status(), page.body());
        assertTrue(page.header("Location").endsWith("/sign-in?sso_error=sso-flow-invalid"), page.header("Location"));
        assertEquals("no-store", page.header("Cache-Control"));
        assertNull(page.header("Set-Cookie"));

        for (String accept : new String[] {null, "application/json", "application/problem+json", "*/*"}) {
            HttpRequest.Builder request = api.request(OIDC, null).GET();
            if (accept != null) {
                request.header("Accept", accept);
            }
            Api.Answer problem = api.send(request);
            assertEquals(400, problem.status(), accept + " -> " + problem.body());
            assertTrue(problem.header("Content-Type").startsWith("application/problem+json"), accept + " -> " + problem.header("Content-Type"));
            assertTrue(problem.problemType().endsWith("/sso-flow-invalid"), problem.body());
        }

        String acs = "api/v1/auth/saml/" + UUID.randomUUID() + "/acs";
        String form = "SAMLResponse=" + URLEncoder.encode(MARKUP, StandardCharsets.UTF_8);
        Api.Answer posted = api.send(api.request(acs, null).header("Accept", BROWSER)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(303, posted.status(), posted.body());
        assertTrue(posted.header("Location").endsWith("/sign-in?sso_error=saml-response-refused"), posted.header("Location"));
        assertNull(posted.header("Set-Cookie"));
        Api.Answer machine = api.send(api.request(acs, null).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(401, machine.status(), machine.body());
        assertTrue(machine.problemType().endsWith("/saml-response-refused"), machine.body());
    }

    @Test
    void theSignInPageSaysWhyInWordsAndNeverShowsTheAddress() {
        try (Chromium chromium = new Chromium(deployment)) {
            chromium.open("/" + OIDC);
            chromium.waitForText("This sign-in was not started in this browser, took too long, or was already used.");
            assertEquals("/sign-in", chromium.path(), "the slug stays out of the address bar and history");
            chromium.open("/sign-in?sso_error=" + URLEncoder.encode(MARKUP, StandardCharsets.UTF_8));
            chromium.waitForText("Single sign-on did not complete. Try again.");
            assertFalse(chromium.bodyText().contains("alert(1)"), "the address's text reached the page");
            assertEquals(0L, chromium.driver().executeScript("return document.querySelectorAll('main script').length"));
            chromium.assertNoConsoleErrors();
        }
    }
}
