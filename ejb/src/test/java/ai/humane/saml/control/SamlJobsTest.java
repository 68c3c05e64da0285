package ai.humane.saml.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.MailSeal;
import ai.humane.mail.control.SendKeys;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL of SAML's housekeeping (S6): the 30-day certificate warning, queued once, and the purge of expired rows. */
class SamlJobsTest {

    private static DatabaseSettings db;
    private final MailSeal seal = new MailSeal(new KeyRing(KeyRing.generateKey()));
    private final MailQueue outbox = new MailQueue(seal, new SendKeys(new HmacKeys(HmacKeys.generateKey())));
    private final CertificateExpiry expiry = new CertificateExpiry(outbox);

    @BeforeAll
    static void migrate() {
        db = TestDatabases.migrated();
    }

    @Test
    void eachCertificateExpiringWithinThirtyDaysIsAnnouncedToEveryOwnerOnce() throws SQLException {
        UUID tenant = tenant();
        superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Second', 'owner')",
                UUID.randomUUID(), tenant, "second-" + UUID.randomUUID() + "@example.test");
        superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Admin', 'admin')",
                UUID.randomUUID(), tenant, "admin-" + UUID.randomUUID() + "@example.test");
        UUID connection = connection(tenant);
        certificate(tenant, connection, Duration.ofDays(10));
        certificate(tenant, connection, Duration.ofDays(90));
        UUID quiet = tenant();
        certificate(quiet, connection(quiet), Duration.ofDays(45));

        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(2, expiry.notify(app, Instant.now()), "two owners, one certificate within 30 days");
            assertEquals(0, expiry.notify(app, Instant.now()), "announced once");
            assertEquals(3, expiry.notify(app, Instant.now().plus(Duration.ofDays(61))),
                    "the 90-day certificate to both owners, the other tenant's 45-day one to its owner");
        }
        assertEquals("5", superuser("SELECT count(*)::text FROM mail_outbox WHERE kind = 'saml_certificate_expiring'"));
        assertEquals("2", superuser("SELECT count(*)::text FROM saml_certificates WHERE tenant_id = ? "
                + "AND expiry_notified_at IS NOT NULL", tenant));
    }

    @Test
    void thePurgeDropsOnlyExpiredRequestIdsAndAssertionIds() throws SQLException {
        UUID tenant = tenant();
        UUID connection = connection(tenant);
        for (Duration left : new Duration[] {Duration.ofMinutes(-1), Duration.ofMinutes(5)}) {
            superuser("INSERT INTO saml_requests (id, tenant_id, connection_id, browser_hash, expires_at) VALUES (?, ?, ?, "
                    + "sha256(random()::text::bytea), ?)", AuthnRequests.newId(), tenant, connection,
                    java.sql.Timestamp.from(Instant.now().plus(left)));
            superuser("INSERT INTO saml_assertions_seen (connection_id, assertion_id, tenant_id, expires_at) VALUES (?, ?, ?, ?)",
                    connection, "_a" + UUID.randomUUID(), tenant, java.sql.Timestamp.from(Instant.now().plus(left)));
        }
        try (Connection app = TestDatabases.asApp(db); PreparedStatement purge = app.prepareStatement("SELECT saml_purge_expired()");
             ResultSet purged = purge.executeQuery()) {
            purged.next();
            assertEquals(2, purged.getLong(1));
        }
        assertEquals("1", superuser("SELECT count(*)::text FROM saml_requests WHERE connection_id = ? AND expires_at > now()", connection));
        assertEquals("1", superuser("SELECT count(*)::text FROM saml_requests WHERE connection_id = ?", connection));
        assertEquals("1", superuser("SELECT count(*)::text FROM saml_assertions_seen WHERE connection_id = ?", connection));
    }

    @Test
    void metadataFromAUrlIsRefreshedDailyAndAFailureKeepsTheLastGoodCopy() throws Exception {
        UUID tenant = tenant();
        UUID good = connection(tenant);
        UUID failing = connection(tenant);
        superuser("UPDATE saml_connections SET metadata_url = 'https://idp.test/metadata' WHERE id IN (?, ?)", good, failing);
        String xml = metadata("https://idp.test/renewed");
        MetadataRefresh refresh = new MetadataRefresh(url -> {
            throw new MetadataRefused("The metadata URL answered 503");
        }, outbox);
        MetadataRefresh working = new MetadataRefresh(url -> IdpMetadata.read(xml), outbox);
        superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Second', 'owner')",
                UUID.randomUUID(), tenant, "second-" + UUID.randomUUID() + "@example.test");
        superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Admin', 'admin')",
                UUID.randomUUID(), tenant, "admin-" + UUID.randomUUID() + "@example.test");
        String mailsBefore = superuser("SELECT count(*)::text FROM mail_outbox WHERE kind = 'saml_metadata_changed'");
        try (Connection app = TestDatabases.asApp(db)) {
            superuser("UPDATE saml_connections SET metadata_fetched_at = now() WHERE id = ?", good);
            assertEquals(0, refresh.run(app, Instant.now()), "the failing one is tried, the fresh one is not due");
            superuser("UPDATE saml_connections SET metadata_fetched_at = now() - interval '2 days' WHERE id = ?", good);
            assertEquals(1, working.run(app, Instant.now()), "only the good one is due now");
            assertEquals(0, working.run(app, Instant.now()), "a day before the next fetch");
            superuser("UPDATE saml_connections SET metadata_fetched_at = now() - interval '2 days' WHERE id = ?", good);
            assertEquals(1, working.run(app, Instant.now()), "the same metadata again");
        }
        // What the refresh changed in the connection's trust is audited once; the same metadata again, or a failed
        // fetch, changes nothing and is not.
        assertEquals("system {\"idp_sso_url\": \"https://idp.test/sso\", \"certificates\": [], \"idp_entity_id\": \"https://idp.test\"}"
                + " https://idp.test/renewed https://idp.test/sso2 1", superuser("SELECT actor_type || ' ' || before::text || ' '"
                + " || (after->>'idp_entity_id') || ' ' || (after->>'idp_sso_url') || ' ' || jsonb_array_length(after->'certificates')"
                + " FROM admin_audit_events WHERE action = 'saml_connection.metadata_refreshed' AND resource_id = ?", good.toString()));
        assertEquals("1", superuser("SELECT count(*)::text FROM admin_audit_events WHERE action = 'saml_connection.metadata_refreshed'"
                + " AND tenant_id = ?", tenant));
        assertEquals("https://idp.test/renewed https://idp.test/sso2",
                superuser("SELECT idp_entity_id || ' ' || idp_sso_url FROM saml_connections WHERE id = ?", good));
        assertEquals("1", superuser("SELECT count(*)::text FROM saml_certificates WHERE connection_id = ?", good));
        assertEquals("https://idp.test <m/> The metadata URL answered 503", superuser(
                "SELECT idp_entity_id || ' ' || metadata_xml || ' ' || metadata_error FROM saml_connections WHERE id = ?", failing));
        // Both owners are told of the change once (not the admin); the same metadata again, or a failed fetch, is no news.
        assertEquals("2", superuser("SELECT (count(*) - ?::int)::text FROM mail_outbox WHERE kind = 'saml_metadata_changed'",
                mailsBefore));
        String[] row = superuser("SELECT id::text || ' ' || sealed FROM mail_outbox WHERE kind = 'saml_metadata_changed' "
                + "ORDER BY created_at DESC LIMIT 1").split(" ", 2);
        String body = seal.open(UUID.fromString(row[0]), row[1]).body();
        assertTrue(body.contains("\"Corp\"") && body.contains("https://idp.test/metadata"), body);
        assertTrue(body.contains("IdP entity id: https://idp.test\n") && body.contains("IdP entity id: https://idp.test/renewed\n"),
                body);
        assertTrue(body.contains("signing certificates: none") && body.matches("(?s).*signing certificate SHA-256: [0-9a-f]{64}\n.*"),
                body);
    }

    /**
     * A connection stored before {@link IdpMetadata} refused an entityID longer than a link's issuer, whose IdP still
     * publishes it: the refresh records why in {@code metadata_error} (the owner sees it on the connection) and goes on
     * to the next connection due, which it refreshes; the last good copy is left as it was.
     */
    @Test
    void aStoredConnectionWhoseIdpStillPublishesAnUnusableEntityIdIsMarkedAndTheRefreshGoesOn() throws Exception {
        UUID tenant = tenant();
        String longId = "https://idp.test/" + "e".repeat(600);
        UUID unusable = connection(tenant);
        UUID next = connection(tenant);
        superuser("UPDATE saml_connections SET idp_entity_id = ?, metadata_url = 'https://idp.test/long' WHERE id = ?",
                longId, unusable);
        superuser("UPDATE saml_connections SET metadata_url = 'https://idp.test/fine' WHERE id = ?", next);
        String published = metadata(longId);
        String fine = metadata("https://idp.test/fine");
        MetadataRefresh refresh = new MetadataRefresh(url -> IdpMetadata.read(url.endsWith("/long") ? published : fine),
                outbox);
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(1, refresh.run(app, Instant.now()), "the next connection is refreshed");
        }
        assertEquals(longId.length() + " The IdP's entityID is longer than 500 characters", superuser(
                "SELECT length(idp_entity_id) || ' ' || metadata_error FROM saml_connections WHERE id = ?", unusable));
        assertEquals("https://idp.test/fine null", superuser(
                "SELECT idp_entity_id || ' ' || coalesce(metadata_error, 'null') FROM saml_connections WHERE id = ?", next));
    }

    /**
     * A refresh whose metadata names another IdP entity ends what the connection vouched for under the one it named
     * (V59), as an owner's re-pointing does: its sessions, and its sign-ins waiting for a code; audited
     * {@code sso.sessions_ended} and said in the owners' notice. One that changes only the certificates or the sign-in
     * URL ends nothing, nor does the change end another connection's sessions or a password's (broken once: the
     * refresh ended none, 2026-12-07).
     */
    @Test
    void aRefreshNamingAnotherIdpEndsWhatTheConnectionOpened() throws Exception {
        TenantProvisioning.Provisioned tenant = provisioned();
        UUID repointed = connection(tenant.tenantId());
        UUID kept = connection(tenant.tenantId());
        superuser("UPDATE saml_connections SET metadata_url = 'https://idp.test/' || id WHERE id IN (?, ?)", repointed, kept);
        UUID through = session(tenant, repointed);
        UUID throughKept = session(tenant, kept);
        UUID password = session(tenant, null);
        superuser("INSERT INTO mfa_challenges (id, tenant_id, user_id, token_hash, expires_at, opens, connection_id) VALUES"
                + " (gen_random_uuid(), ?, ?, gen_random_bytes(32), now() + interval '5 minutes', 'tenant', ?)",
                tenant.tenantId(), tenant.ownerId(), repointed);
        String another = metadata("https://other-idp.test");
        String same = metadata("https://idp.test");
        MetadataRefresh refresh = new MetadataRefresh(url -> IdpMetadata.read(url.endsWith(repointed.toString()) ? another : same),
                outbox);
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(2, refresh.run(app, Instant.now()));
        }
        assertEquals("true false false", ended(through) + " " + ended(throughKept) + " " + ended(password));
        assertEquals("0", superuser("SELECT count(*)::text FROM mfa_challenges WHERE connection_id = ? AND used_at IS NULL",
                repointed));
        assertEquals("system 1 idp_changed", superuser("SELECT actor_type || ' ' || (after->>'sessions_ended') || ' '"
                + " || (after->>'because') FROM admin_audit_events WHERE action = 'sso.sessions_ended' AND resource_id = ?",
                repointed.toString()));
        assertEquals("0", superuser("SELECT count(*)::text FROM admin_audit_events WHERE action = 'sso.sessions_ended'"
                + " AND resource_id = ?", kept.toString()));
        String[] mails = superuser("SELECT string_agg(id::text || ' ' || sealed, ' ') FROM (SELECT id, sealed FROM mail_outbox"
                + " WHERE kind = 'saml_metadata_changed' ORDER BY created_at DESC LIMIT 2) latest").split(" ");
        String told = seal.open(UUID.fromString(mails[0]), mails[1]).body() + seal.open(UUID.fromString(mails[2]), mails[3]).body();
        assertTrue(told.contains("IdP entity id: https://other-idp.test\n"), told);
        assertEquals(1, told.split("the sessions the connection had opened \\(1\\) were ended", -1).length - 1, told);
    }

    private static String ended(UUID session) throws SQLException {
        return superuser("SELECT (revoked_at IS NOT NULL)::text FROM sessions WHERE id = ?", session);
    }

    private static UUID session(TenantProvisioning.Provisioned tenant, UUID connection) throws SQLException {
        UUID id = UUID.randomUUID();
        superuser("INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash, expires_at, absolute_expires_at,"
                + " sso_connection_id) VALUES (?, ?, ?, gen_random_bytes(32), gen_random_bytes(32), now() + interval '1 day',"
                + " now() + interval '2 days', ?)", id, tenant.tenantId(), tenant.ownerId(), connection);
        return id;
    }

    /** One IdP's metadata naming {@code entityId}, with the test IdP's signing certificate. */
    private String metadata(String entityId) throws java.io.IOException {
        String pem = new String(getClass().getResourceAsStream("/saml/idp-cert.pem").readAllBytes(),
                java.nio.charset.StandardCharsets.US_ASCII);
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" "
                + "entityID=\"" + entityId + "\"><md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + pem.replaceAll("-----[A-Z ]+-----|\\s", "") + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://idp.test/sso2\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    private static UUID tenant() throws SQLException {
        return provisioned().tenantId();
    }

    private static TenantProvisioning.Provisioned provisioned() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            return new TenantProvisioning().provision(app, "Saml " + UUID.randomUUID(),
                    "owner-" + UUID.randomUUID() + "@example.test", "Owner");
        }
    }

    private static UUID connection(UUID tenant) throws SQLException {
        UUID id = UUID.randomUUID();
        superuser("INSERT INTO saml_connections (id, tenant_id, name, idp_entity_id, idp_sso_url, metadata_xml) "
                + "VALUES (?, ?, 'Corp', 'https://idp.test', 'https://idp.test/sso', '<m/>')", id, tenant);
        return id;
    }

    private static void certificate(UUID tenant, UUID connection, Duration left) throws SQLException {
        superuser("INSERT INTO saml_certificates (id, tenant_id, connection_id, der, sha256, subject, not_after) "
                + "VALUES (?, ?, ?, '\\x00'::bytea, ?, 'CN=idp', ?)", UUID.randomUUID(), tenant, connection,
                "%064x".formatted(new java.math.BigInteger(64, new java.util.Random())),
                java.sql.Timestamp.from(Instant.now().plus(left)));
    }

    private static String superuser(String sql, Object... parameters) throws SQLException {
        return TestDatabases.superuser(db, sql, parameters);
    }
}
