package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MicroInstances;
import ai.humane.testing.TestPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The deployment refuses what is unsafe (O1, T1, S4, K3, K4, N1, A1, A2, L2, W3): the real WAR on a real Payara
 * Micro never turns ready and names every reason on a line of its own. Each boot spoils several things at
 * once; each line is written only when its own check finds its own fault, so removing any one check fails
 * its assertion. A boot costs about 20 s: two boots cover every refusal.
 */
class StartupRefusalIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);

    @Test
    void productionNamesEveryReasonItRefusesToStart() throws Exception {
        DatabaseSettings db = freshDatabase();
        List<String> versions = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).versions();
        String newest = versions.get(versions.size() - 1);
        String behind = versions.get(versions.size() - 2);
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), behind);
        Map<String, String> env = new HashMap<>(db.environment());
        env.remove("APP_ENV");                                   // production is the default
        env.remove("DB_MIGRATION_USER");
        env.remove("DB_MIGRATION_PASSWORD");
        env.put("DB_USER", db.ownerUser());                      // a runtime role that owns the tables (T1)
        env.put("DB_PASSWORD", db.ownerPassword());
        env.put("OUTBOUND_ALLOWLIST", "127.0.0.1:9");            // no JWT_SIGNING_KEYS, FERNET_KEYS, HMAC_KEY
        env.put("EDGE_CHAIN", "off");
        env.put("BACKUP_TARGET", Path.of("target", "refusal-backups").toAbsolutePath().toString());   // no key (O3)
        env.put("BACKUP_DB_USER", db.ownerUser());

        String log = refusedStart(env, List.of(
                "Refusing to start: BACKUP_PUBLIC_KEY is not set: production never writes a backup without encrypting it",
                "Refusing to start: Database schema is at version " + behind + " but this release needs version " + newest,
                "Refusing to start: tenant isolation (T1) is not enforced by the database: database role owns table",
                "Refusing to start: JWT_SIGNING_KEYS is not set",
                "Refusing to start: FERNET_KEYS is missing",
                "Refusing to start: HMAC_KEY is not set (K4 links are signed with it)",
                "Refusing to start: OUTBOUND_ALLOWLIST is set",
                "Refusing to start: EDGE_CHAIN is not on",
                "Refusing to start: SAML_SP_KEY and SAML_SP_CERTIFICATE are not set",
                "Refusing to start: PUBLIC_BASE_URL is 'http://localhost:8080': production needs the https origin"));
        assertTrue(log.contains("run the migrate command"), "the schema line says what to do");
    }

    @Test
    void anUnknownEnvironmentOrAShortHmacKeyOrMetricsTokenRefusesToStart() throws Exception {
        DatabaseSettings db = freshDatabase();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        // A migration changed after it was applied: the versions match, the history does not (O1).
        try (java.sql.Connection owner = java.sql.DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
             java.sql.Statement s = owner.createStatement()) {
            s.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
        }
        Map<String, String> env = new HashMap<>(TestPlatform.environment(db));
        env.put("APP_ENV", "prod");
        env.remove("OUTBOUND_ALLOWLIST");
        env.put("HMAC_KEY", Base64.getUrlEncoder().encodeToString(new byte[16]));
        env.put("METRICS_TOKEN", "guessable");
        env.put("WEBHOOKS_ENDPOINT_CONCURRENCY", "3");
        env.put("WEBHOOKS_TENANT_CONCURRENCY", "2");                 // fewer than one endpoint's lanes (W3)
        env.put("LLM_TENANT_CONCURRENCY", "17");                     // more than the analysis workers (N2)
        env.put("WEBHOOKS_ENDPOINTS_PER_TENANT", "0");               // no endpoint at all (A3)
        env.put("ENGINES_PER_TENANT", "501");                        // above the highest ceiling (A3)
        env.put("BACKUP_TARGET", Path.of("target", "refusal-backups").toAbsolutePath().toString());
        env.put("BACKUP_DB_USER", db.ownerUser());
        env.put("BACKUP_AT", "2:15");                                // not HH:MM (O3)

        String log = refusedStart(env, List.of(
                "Refusing to start: APP_ENV is 'prod'; it must be exactly 'production' (the default) or 'development'",
                "Refusing to start: HMAC_KEY entry 1 of 1 decodes to 16 bytes; at least 32 random bytes are needed",
                "Refusing to start: METRICS_TOKEN is 9 characters; at least 32 random characters are needed",
                "Refusing to start: WEBHOOKS_TENANT_CONCURRENCY is 2: from WEBHOOKS_ENDPOINT_CONCURRENCY (3) to 16",
                "Refusing to start: LLM_TENANT_CONCURRENCY is 17: from LLM_BULKHEAD (4) to LLM_WORKERS (16)",
                "Refusing to start: WEBHOOKS_ENDPOINTS_PER_TENANT is 0: from 1 to 100",
                "Refusing to start: ENGINES_PER_TENANT is 501: from 1 to 500",
                "Refusing to start: BACKUP_AT must be HH:MM (UTC, 00:00 to 23:59), not 2:15",
                "Refusing to start: the database's migration history does not match this release's migrations: migration 2"));
        assertFalse(log.contains("Refusing to start: JWT_SIGNING_KEYS"), "only what is wrong is named");
        assertFalse(log.contains("Refusing to start: tenant isolation"), "only what is wrong is named");
    }

    /** Starts Payara Micro, waits for every refusal line in its log, and proves readiness never turned UP. */
    private static String refusedStart(Map<String, String> environment, List<String> expectedLines) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "refusal-" + UUID.randomUUID()));
        Path log = work.resolve("micro.log");
        Files.createFile(log);
        PayaraMicro micro = PayaraMicro.start(Path.of(System.getProperty("payara.microJar")),
                Path.of(System.getProperty("humane.war")), MicroInstances.freePort(), environment, work, log,
                List.of("--nocluster", "--prebootcommandfile", TestPlatform.payaraConfig("pre-boot-commands.asadmin")));
        try {
            Instant deadline = Instant.now().plus(LIMIT);
            boolean everReady = false;
            while (Instant.now().isBefore(deadline) && !expectedLines.stream().allMatch(read(log)::contains)) {
                everReady |= micro.ready();
                Thread.sleep(500);
            }
            String text = read(log);
            for (String expected : expectedLines) {
                assertTrue(text.contains(expected), "expected \"" + expected + "\" in the log:\n" + tail(text));
            }
            for (int probe = 0; probe < 10; probe++) {
                everReady |= micro.ready();
                Thread.sleep(500);
            }
            assertFalse(everReady, "readiness must never turn UP:\n" + tail(text));
            return text;
        } finally {
            micro.stop();
        }
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    private static DatabaseSettings freshDatabase() {
        return MicroInstances.database("refusal");
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 6000));
    }
}
