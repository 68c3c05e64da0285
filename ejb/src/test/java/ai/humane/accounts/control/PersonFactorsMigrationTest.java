package ai.humane.accounts.control;

import static ai.humane.testing.MigratedRows.column;
import static ai.humane.testing.MigratedRows.scope;
import static ai.humane.testing.MigratedRows.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V27 on a database populated at V26: the e-mail verification, the second factor and the linked identities of
 * people with memberships in several tenants move to the person, nothing lost but what the rule drops (an older
 * second factor of the same person); then the people wall keeps the new columns to the person's own tenants.
 */
class PersonFactorsMigrationTest {

    private static final String OLD_SECRET = "gAAAAA-old-secret";
    private static final String NEW_SECRET = "gAAAAA-new-secret";
    private static final String GOOGLE = "https://accounts.google.example";
    private static final String RIVAL_IDP = "https://idp.rival.example";

    private DatabaseSettings db;
    private MigratedRows rows;
    private final UUID acme = UUID.randomUUID();
    private final UUID rival = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID ada = UUID.randomUUID();
    private final UUID adaAtRival = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID();
    private final UUID adaSessionAtRival = UUID.randomUUID();

    @BeforeEach
    void databaseMigratedOverPopulatedRows() throws SQLException {
        db = TestDatabases.fresh();
        rows = new MigratedRows(db);
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 27).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, 'Acme'), (?, 'Rival'), (?, 'Stranger')", acme, rival, stranger);
        // Ada: unverified in Acme, verified in Rival; a factor in both, Rival's enabled later; one code used there.
        person(ada, "ada@acme.test");
        rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role, email_verified, totp_secret,"
                + " totp_enabled_at, totp_last_step) VALUES (?, ?, ?, 'ada@acme.test', 'Ada', 'owner', false, ?,"
                + " now() - interval '2 days', 100)", ada, acme, ada, OLD_SECRET);
        rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role, email_verified, totp_secret,"
                + " totp_enabled_at, totp_last_step) VALUES (?, ?, ?, 'ada@acme.test', 'Ada', 'viewer', true, ?,"
                + " now() - interval '1 day', 200)", adaAtRival, rival, ada, NEW_SECRET);
        code(acme, ada, "aa", false);
        code(rival, adaAtRival, "01", false);
        code(rival, adaAtRival, "02", true);
        code(rival, adaAtRival, "03", false);
        // Bob: never verified, no factor. Carol: a pending secret only, verified.
        person(bob, "bob@acme.test");
        rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (?, ?, ?, 'bob@acme.test',"
                + " 'Bob', 'member')", bob, acme, bob);
        person(carol, "carol@acme.test");
        rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role, email_verified, totp_secret)"
                + " VALUES (?, ?, ?, 'carol@acme.test', 'Carol', 'member', true, ?)", carol, acme, carol, OLD_SECRET);
        // Identities: Ada's Google link made in Acme; Ada's link by Rival's own connection, with a refresh token.
        rows.superuser("INSERT INTO oidc_connections (id, tenant_id, name, issuer, client_id, client_secret)"
                + " VALUES (?, ?, 'Rival IdP', ?, 'c', 'gAAAAA-client')", UUID.randomUUID(), rival, RIVAL_IDP);
        identity(acme, ada, GOOGLE, "ada-google", null);
        identity(rival, adaAtRival, RIVAL_IDP, "ada-rival", "gAAAAA-refresh");
        rows.superuser("INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash, expires_at, absolute_expires_at)"
                + " VALUES (?, ?, ?, ?, ?, now() + interval '1 day', now() + interval '1 day')", adaSessionAtRival, rival,
                adaAtRival, hash("5e"), hash("c5"));
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void aPersonIsVerifiedWhenAnyMembershipWas() throws SQLException {
        assertEquals(List.of("ada@acme.test true", "bob@acme.test false", "carol@acme.test true"),
                rows.column("SELECT email || ' ' || (email_verified_at IS NOT NULL) FROM people ORDER BY email"));
        assertEquals(List.of(), rows.column("SELECT attname FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND (attname = 'email_verified' OR attname LIKE 'totp%') AND NOT attisdropped"), "the person's now");
    }

    @Test
    void thePersonKeepsTheSecondFactorEnabledLastWithItsUnusedRecoveryCodes() throws SQLException {
        assertEquals(List.of(NEW_SECRET + " 200 true " + hex("01") + "," + hex("03")),
                rows.column("SELECT totp_secret || ' ' || totp_last_step || ' ' || (totp_enabled_at > now() - interval '36 hours')"
                        + " || ' ' || array_to_string(ARRAY(SELECT encode(c, 'hex') FROM unnest(totp_recovery_codes) c), ',')"
                        + " FROM people WHERE id = ?", ada));
        assertEquals(List.of(OLD_SECRET + " pending 0"), rows.column("SELECT totp_secret || ' ' || coalesce(totp_enabled_at::text,"
                + " 'pending') || ' ' || cardinality(totp_recovery_codes) FROM people WHERE id = ?", carol));
        assertEquals(List.of("none"), rows.column("SELECT coalesce(totp_secret, 'none') FROM people WHERE id = ?", bob));
        assertEquals(List.of(), rows.column("SELECT relname FROM pg_class WHERE relname = 'recovery_codes'"));
    }

    @Test
    void identitiesNameTheirPersonAndAGoogleLinkBecomesThePersons() throws SQLException {
        assertEquals(List.of("ada-google " + acme + " " + ada + " true null", "ada-rival " + rival + " " + ada + " false gAAAAA-refresh"),
                rows.column("SELECT subject || ' ' || tenant_id || ' ' || person_id || ' ' || global || ' '"
                        + " || coalesce(refresh_token, 'null') FROM sso_identities ORDER BY subject"));
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(ada + " true"), column(app, "SELECT person_id || ' ' || global FROM sso_identity_by_subject(?, ?, NULL)",
                    GOOGLE, "ada-google")); // Google's links are found as Google's (V30)
            rows.superuser("UPDATE users SET last_active_at = now() WHERE id = ?", adaAtRival);
            assertEquals(List.of(rival + " " + adaAtRival, acme + " " + ada), column(app,
                    "SELECT tenant_id || ' ' || user_id FROM sso_identity_memberships(?, ?)", GOOGLE, "ada-google"));
            assertEquals(List.of(), column(app, "SELECT user_id FROM sso_identity_memberships(?, ?)", RIVAL_IDP, "ada-rival"),
                    "a tenant's identity opens no other membership");
        }
        rows.superuser("DELETE FROM users WHERE id = ?", adaAtRival);
        assertEquals(List.of("ada-google"), rows.column("SELECT subject FROM sso_identities"),
                "a tenant's identity goes with its membership");
    }

    @Test
    void theWallShowsAndChangesTheFactorOnlyToThePersonsTenantsAndOnlyItsColumns() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            scope(app, stranger);
            assertEquals(List.of(), column(app, "SELECT totp_secret FROM people WHERE id = ?", ada));
            assertEquals(0, update(app, "UPDATE people SET totp_secret = NULL, totp_enabled_at = NULL WHERE id = ?", ada));
            assertEquals(0, update(app, "UPDATE people SET totp_last_step = 1, email_verified_at = now() WHERE id = ?", bob));
            scope(app, rival);
            assertEquals(List.of(NEW_SECRET), column(app, "SELECT totp_secret FROM people WHERE id = ?", ada));
            assertEquals(List.of(), column(app, "SELECT totp_secret FROM people WHERE id = ?", carol), "Acme's member");
            assertEquals(1, update(app, "UPDATE people SET totp_last_step = 201 WHERE id = ?", ada));
            assertThrows(SQLException.class, () -> update(app, "UPDATE people SET created_at = now() WHERE id = ?", ada));
            assertThrows(SQLException.class, () -> update(app, "UPDATE people SET email = 'x@rival.test' WHERE id = ?", ada));
            scope(app, acme);
            assertEquals(List.of("201"), column(app, "SELECT totp_last_step FROM people WHERE id = ?", ada),
                    "one replay guard for every tenant");
        }
        assertEquals(List.of("201"), rows.column("SELECT totp_last_step::text FROM people WHERE id = ?", ada));
    }

    @Test
    void aBaaOfAnyOfThePersonsTenantsKeepsTheFactorAndSeesItEnabled() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            scope(app, acme);
            assertEquals(List.of("f"), column(app, "SELECT person_second_factor_required(?)", ada));
            rows.superuser("UPDATE tenants SET baa_accepted_at = now() WHERE id = ?", rival);
            assertEquals(List.of("t"), column(app, "SELECT person_second_factor_required(?)", ada), "Rival is under a BAA");
            assertEquals(List.of("f"), column(app, "SELECT person_second_factor_required(?)", adaAtRival),
                    "asked from Acme, Rival's membership is not Acme's to name");
            assertEquals(List.of("true false"), column(app, "SELECT baa || ' ' || second_factor_missing FROM session_by_hash(?)",
                    hash("5e")));
            rows.superuser("UPDATE people SET totp_enabled_at = NULL WHERE id = ?", ada);
            assertEquals(List.of("true true"), column(app, "SELECT baa || ' ' || second_factor_missing FROM session_by_hash(?)",
                    hash("5e")));
        }
    }

    private void person(UUID id, String email) {
        rows.superuser("INSERT INTO people (id, email) VALUES (?, ?)", id, email);
    }

    private void code(UUID tenant, UUID user, String fill, boolean used) {
        rows.superuser("INSERT INTO recovery_codes (id, tenant_id, user_id, code_hash, used_at)"
                + " VALUES (?, ?, ?, ?, CASE WHEN ? THEN now() END)", UUID.fromString("00000000-0000-0000-0000-0000000000" + fill),
                tenant, user, hash(fill), used);
    }

    private void identity(UUID tenant, UUID user, String issuer, String subject, String refreshToken) {
        rows.superuser("INSERT INTO sso_identities (id, tenant_id, user_id, issuer, subject, email, refresh_token)"
                + " VALUES (?, ?, ?, ?, ?, 'ada@acme.test', ?)", UUID.randomUUID(), tenant, user, issuer, subject, refreshToken);
    }

    private static byte[] hash(String fill) {
        return HexFormat.of().parseHex(fill.repeat(32));
    }

    private static String hex(String fill) {
        return fill.repeat(32);
    }
}
