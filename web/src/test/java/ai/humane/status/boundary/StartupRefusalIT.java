package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestPlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The deployment refuses an unsafe database (O1, T1): the real WAR on a real Payara Micro, started
 * as production starts it, never turns ready and says why in one log line.
 */
class StartupRefusalIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);

    @Test
    void productionRefusesADatabaseOneMigrationBehind() throws Exception {
        DatabaseSettings db = freshDatabase();
        List<String> versions = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).versions();
        String newest = versions.get(versions.size() - 1);
        String behind = versions.size() > 1 ? versions.get(versions.size() - 2) : "none";
        if (!"none".equals(behind)) {
            SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), behind);
        }
        Map<String, String> env = new HashMap<>(db.environment());
        env.put("APP_ENV", "production");
        env.put("JWT_SIGNING_KEYS", TestPlatform.signingKeys());
        env.put("FERNET_KEYS", ai.humane.crypto.control.KeyRing.generateKey());
        env.put("HMAC_KEY", TestPlatform.hmacKey());
        env.remove("DB_MIGRATION_USER");
        env.remove("DB_MIGRATION_PASSWORD");

        String log = refusedStart(env, "Refusing to start: Database schema is at version " + behind
                + " but this release needs version " + newest);
        assertTrue(log.contains("run the migrate command"), "the line says what to do");
    }

    @Test
    void productionRefusesToStartWithoutJwtSigningKeys() throws Exception {
        Map<String, String> env = productionOnCurrentSchema();
        env.remove("JWT_SIGNING_KEYS");
        refusedStart(env, "Refusing to start: JWT_SIGNING_KEYS is not set");
    }

    @Test
    void productionRefusesToStartWithoutFernetKeys() throws Exception {
        Map<String, String> env = productionOnCurrentSchema();
        env.remove("FERNET_KEYS");
        refusedStart(env, "Refusing to start: FERNET_KEYS is missing");
    }

    @Test
    void productionRefusesToStartWithoutHmacKey() throws Exception {
        Map<String, String> env = productionOnCurrentSchema();
        env.remove("HMAC_KEY");
        refusedStart(env, "Refusing to start: HMAC_KEY is missing; unsubscribe and e-mail links cannot be signed (K4)");
    }

    @Test
    void productionRefusesAnHmacKeyShorterThan32Bytes() throws Exception {
        Map<String, String> env = productionOnCurrentSchema();
        env.put("HMAC_KEY", java.util.Base64.getUrlEncoder().encodeToString(new byte[16]));
        refusedStart(env, "Refusing to start: HMAC_KEY entry 1 of 1 decodes to 16 bytes; at least 32 random bytes are needed");
    }

    @Test
    void productionRefusesToStartWithAnOutboundAllowList() throws Exception {
        Map<String, String> env = productionOnCurrentSchema();
        env.put("OUTBOUND_ALLOWLIST", "127.0.0.1:9");
        refusedStart(env, "Refusing to start: OUTBOUND_ALLOWLIST is set");
    }

    @Test
    void productionRefusesToStartWithoutItsEdgeChain() throws Exception {
        Map<String, String> env = productionOnCurrentSchema();
        env.put("EDGE_CHAIN", "off");
        refusedStart(env, "Refusing to start: EDGE_CHAIN is not on");
    }

    @Test
    void refusesARuntimeRoleThatOwnsTheTables() throws Exception {
        DatabaseSettings db = freshDatabase();
        Map<String, String> env = new HashMap<>(db.environment());
        env.put("DB_USER", db.ownerUser());
        env.put("DB_PASSWORD", db.ownerPassword());

        refusedStart(env, "tenant isolation (T1) is not enforced by the database: database role owns table");
    }

    /** Starts Payara Micro, waits for the refusal in its log, and proves readiness never turned UP. */
    private static String refusedStart(Map<String, String> environment, String expectedLine) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "refusal-" + UUID.randomUUID()));
        Path log = work.resolve("micro.log");
        Files.createFile(log);
        PayaraMicro micro = PayaraMicro.start(Path.of(System.getProperty("payara.microJar")),
                Path.of(System.getProperty("humane.war")), freePort(), environment, work, log,
                List.of("--nocluster", "--prebootcommandfile",
                        System.getProperty("humane.payara.config") + "/pre-boot-commands.asadmin"));
        try {
            Instant deadline = Instant.now().plus(LIMIT);
            boolean everReady = false;
            while (Instant.now().isBefore(deadline) && !Files.readString(log).contains(expectedLine)) {
                everReady |= micro.ready();
                Thread.sleep(500);
            }
            String text = Files.readString(log);
            assertTrue(text.contains(expectedLine), "expected the refusal in the log:\n" + tail(text));
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

    /** Production's environment, complete, on a database at the newest migration: each test spoils one thing. */
    private static Map<String, String> productionOnCurrentSchema() {
        DatabaseSettings db = freshDatabase();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        Map<String, String> env = new HashMap<>(db.environment());
        env.put("APP_ENV", "production");
        env.put("JWT_SIGNING_KEYS", TestPlatform.signingKeys());
        env.put("FERNET_KEYS", ai.humane.crypto.control.KeyRing.generateKey());
        env.put("HMAC_KEY", TestPlatform.hmacKey());
        env.remove("DB_MIGRATION_USER");
        env.remove("DB_MIGRATION_PASSWORD");
        return env;
    }

    private static DatabaseSettings freshDatabase() {
        return TestPlatform.server().database("refusal_" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
