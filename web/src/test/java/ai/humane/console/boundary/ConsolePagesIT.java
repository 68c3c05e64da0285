package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The console beside the API on one origin: its routes get the app shell, every other path stays the API's. */
class ConsolePagesIT extends HttpTest {

    private final Api api = new Api(deployment);

    @ParameterizedTest
    @ValueSource(strings = {"", "sign-in", "verify-email?token=abc", "reset-password?token=abc", "accept-invitation?token=a",
            "monitor", "webhooks", "end-users/7f1c0f52-8d7e-4a4e-9a64-2f3c1d1b0a11", "audit?action=api_key.created"})
    void consoleRoutesLoadTheAppShellUnderTheConsolesOwnPolicy(String route) {
        Api.Answer shell = api.get(route, null);
        assertEquals(200, shell.status(), shell.body());
        assertTrue(shell.header("Content-Type").startsWith("text/html"), shell.header("Content-Type"));
        assertTrue(shell.body().contains("<script type=\"module\" src=\"/assets/app.js\"></script>"));
        assertEquals(ConsolePages.CSP, shell.header("Content-Security-Policy"));
        assertEquals("DENY", shell.header("X-Frame-Options"));
        assertEquals("nosniff", shell.header("X-Content-Type-Options"));
        assertEquals("no-referrer", shell.header("Referrer-Policy"));
    }

    @Test
    void thePolicyAllowsNothingInlineNothingEvaluatedAndNoOtherOrigin() {
        String csp = api.get("sign-in", null).header("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'self';"), csp);
        assertFalse(csp.contains("unsafe") || csp.contains("http") || csp.contains("data:") || csp.contains("*"), csp);
        assertTrue(csp.contains("require-trusted-types-for 'script'") && csp.contains("frame-ancestors 'none'"), csp);
    }

    @Test
    void assetsAreServedWithTheirTypesAndRevalidated() {
        Api.Answer script = api.get("assets/app.js", null);
        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.header("Content-Type").toLowerCase());
        assertEquals("no-cache", script.header("Cache-Control"));
        assertEquals(ConsolePages.CSP, script.header("Content-Security-Policy"));
        Api.Answer again = api.send(api.request("assets/app.js", null).header("If-None-Match", script.header("ETag")).GET());
        assertEquals(304, again.status());
        assertEquals("text/css; charset=utf-8", api.get("assets/console.css", null).header("Content-Type").toLowerCase());
        assertEquals(200, api.send(api.request("assets/pages/monitor.js", null).method("HEAD",
                HttpRequest.BodyPublishers.noBody())).status());
    }

    /**
     * A console page is the same for everyone, so the credential it carries is not looked at: a session whose refresh
     * is due is not slid by loading the shell or an asset (it was: the cookie was checked against the database for a
     * static file, as a bearer token was verified), while the next API request slides it (broken once).
     */
    @Test
    void aPagesCredentialIsNotLookedAt() {
        String email = People.uniqueEmail("pages");
        People.signUp(api, email);
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        String session = "SELECT refreshed_at::text FROM sessions WHERE token_hash = sha256(convert_to(?, 'UTF8'))";
        Rows.execute("UPDATE sessions SET refreshed_at = refreshed_at - interval '2 hours' WHERE token_hash"
                + " = sha256(convert_to(?, 'UTF8'))", browser.session());
        String due = Rows.single(session, browser.session());

        for (String page : List.of("sign-in", "monitor", "assets/app.js")) {
            Api.Answer loaded = browser.get(page);
            assertEquals(200, loaded.status(), page);
            assertEquals(null, loaded.header("Set-Cookie"), page + " slid the session");
        }
        assertEquals(due, Rows.single(session, browser.session()), "no page touched the session");
        Api.Answer me = browser.get("api/v1/auth/me");
        assertEquals(200, me.status());
        assertTrue(me.header("Set-Cookie") != null && !due.equals(Rows.single(session, browser.session())),
                "an API request slides it");
    }

    /** Unknown paths, the WAR's other files and every API path stay 404 problems, never the app shell. */
    @ParameterizedTest
    @ValueSource(strings = {"api/v1/nothing-here", "api/v1/", "no-such-page", "console/index.html", "assets/nothing.js",
            "assets/app.js.map", "assets/Upper.js", "assets/app.json",
            "assets/../console/index.html"})
    void everythingElseIsTheApisNotFoundProblem(String path) {
        Api.Answer answer = api.get(path, null);
        assertEquals(404, answer.status(), path + ": " + answer.body());
        assertEquals("https://humane.ai/problems/not-found", answer.problemType(), path);
    }

    /** The container itself refuses WEB-INF and dot segments above the root (404 or 400, before any filter). */
    @ParameterizedTest
    @ValueSource(strings = {"WEB-INF/beans.xml", "assets/%2e%2e/WEB-INF/beans.xml", "assets/%2e%2e/%2e%2e/WEB-INF/web.xml",
            "console/assets/app.js", "META-INF/MANIFEST.MF"})
    void theWarsOwnFilesAreNotServed(String path) {
        Api.Answer answer = api.get(path, null);
        assertTrue(answer.status() == 404 || answer.status() == 400, path + ": " + answer.status());
        assertFalse(answer.body().contains("beans") || answer.body().contains("import"), answer.body());
    }

    @Test
    void aWriteToAConsoleRouteIsNotServedTheShell() {
        Api.Answer answer = api.post("sign-in", null, "{}");
        assertTrue(answer.status() == 404 || answer.status() == 405, answer.toString());
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.toString());
    }
}
