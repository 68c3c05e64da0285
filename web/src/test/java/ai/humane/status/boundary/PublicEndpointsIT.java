package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unauthenticated surface: health, OpenAPI and the RFC 9116 disclosure file. */
class PublicEndpointsIT extends HttpTest {

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(deployment);
    }

    @Test
    void readinessReportsDatabaseAndSchemaParity() {
        Api.Answer ready = api.get("health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"schema\""), ready.body());
        assertTrue(ready.body().contains("\"database\""), ready.body());
    }

    @Test
    void livenessAndStartupAreUp() {
        assertEquals(200, api.get("health/live", null).status());
        Api.Answer started = api.get("health/started", null);
        assertEquals(200, started.status(), started.body());
        assertTrue(started.body().contains("\"humane\""), started.body());
    }

    @Test
    void openApiDescribesTheApi() {
        Api.Answer openapi = api.get("openapi", null);
        assertEquals(200, openapi.status(), openapi.body());
        assertTrue(openapi.body().contains("/api/v1/engines"), openapi.body());
        assertTrue(openapi.body().contains("/api/v1/api-keys"), openapi.body());
    }

    @Test
    void securityTxtFollowsRfc9116() {
        Api.Answer txt = api.get(".well-known/security.txt", null);
        assertEquals(200, txt.status());
        assertTrue(txt.header("Content-Type").startsWith("text/plain"), txt.header("Content-Type"));
        assertTrue(txt.body().contains("Contact: mailto:"), txt.body());
        Matcher expires = Pattern.compile("Expires: (\\S+)").matcher(txt.body());
        assertTrue(expires.find(), txt.body());
        Instant when = Instant.parse(expires.group(1));
        assertTrue(when.isAfter(Instant.now()), "must not be expired");
        assertTrue(when.isBefore(Instant.now().plus(365, ChronoUnit.DAYS)), "RFC 9116: less than a year ahead");
    }

    @Test
    void theServerDoesNotAdvertiseItself() {
        assertNull(api.get("health/ready", null).header("Server"));
        assertNull(api.get("api/v1/engines", null).header("X-Powered-By"));
    }
}
