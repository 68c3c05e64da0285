package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
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

    /**
     * Upgrades migrate first, then replace the replicas: a replica of the release before stays ready on the newer
     * schema (else the edge, which sends requests only to ready replicas, answers 503 until the new ones are up),
     * but a schema behind the release is never ready. The history is changed for one request each and restored.
     */
    @Test
    void readinessServesTheSchemaOfTheNextReleaseButNotAnOlderOne() {
        String newestRank = Rows.single("SELECT max(installed_rank)::text FROM flyway_schema_history");
        try {
            Rows.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "installed_by, execution_time, success) VALUES (?::int + 1, '9999', 'next release', 'SQL', "
                    + "'V9999__next_release.sql', 'test', 0, true)", newestRank);
            Api.Answer ahead = api.get("health/ready", null);
            assertEquals(200, ahead.status(), "ahead: " + ahead.body());
        } finally {
            Rows.execute("DELETE FROM flyway_schema_history WHERE version = '9999'");
        }
        try {
            Rows.execute("UPDATE flyway_schema_history SET success = false WHERE installed_rank = ?::int", newestRank);
            Api.Answer behind = api.get("health/ready", null);
            assertEquals(503, behind.status(), "behind: " + behind.body());
        } finally {
            Rows.execute("UPDATE flyway_schema_history SET success = true WHERE installed_rank = ?::int", newestRank);
        }
        assertEquals(200, api.get("health/ready", null).status());
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
