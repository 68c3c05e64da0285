package ai.humane.saml.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V47 on a database populated at the version before it: the SAML connections stored before {@link IdpMetadata}
 * refused what no link can keep (an entityID over 500 characters, a sign-on URL of its scheme alone) are marked with
 * the reason {@link IdpMetadata#unusable} gives, in every tenant, so their owners see it; the others, a refresh's
 * error included, are left as they were; the wall is forced again.
 */
class UnusableConnectionsMigrationTest {

    private DatabaseSettings db;
    private MigratedRows rows;

    @BeforeEach
    void databaseJustBeforeV47() {
        db = TestDatabases.fresh();
        rows = new MigratedRows(db);
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 47).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        UUID acme = tenant("Acme");
        UUID rival = tenant("Rival");
        connection(acme, "long-id", "https://idp.test/" + "e".repeat(600), "https://idp.test/sso", null);
        connection(rival, "no-host", "https://idp.test/rival", "https://", null);
        connection(acme, "usable", "https://idp.test/" + "e".repeat(483), "https://idp.test/sso", null);
        connection(rival, "refresh-failed", "https://idp.test/refreshed", "https://idp.test/sso",
                "The metadata URL answered 503");
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void marksOnlyTheConnectionsNoSignInCanUse() throws SQLException {
        assertEquals(List.of(
                "long-id " + IdpMetadata.unusable("https://idp.test/" + "e".repeat(600), "https://idp.test/sso").orElseThrow(),
                "no-host " + IdpMetadata.unusable("https://idp.test/rival", "https://").orElseThrow(),
                "refresh-failed The metadata URL answered 503",
                "usable -"), rows.column("SELECT name || ' ' || coalesce(metadata_error, '-') FROM saml_connections"
                + " ORDER BY name"));
    }

    @Test
    void theWallIsForcedAgain() throws SQLException {
        assertEquals(List.of("true"), rows.column("SELECT relforcerowsecurity::text FROM pg_class"
                + " WHERE relname = 'saml_connections'"));
    }

    private UUID tenant(String name) {
        UUID id = UUID.randomUUID();
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, ?)", id, name);
        return id;
    }

    private void connection(UUID tenant, String name, String entityId, String ssoUrl, String error) {
        rows.superuser("INSERT INTO saml_connections (id, tenant_id, name, idp_entity_id, idp_sso_url, metadata_xml,"
                + " metadata_error) VALUES (?, ?, ?, ?, ?, '<m/>', ?)", UUID.randomUUID(), tenant, name, entityId, ssoUrl,
                error);
    }
}
