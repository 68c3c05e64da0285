package ai.humane.sso.control;

import static ai.humane.testing.MigratedRows.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S5, S6 (V30): a linked identity answers only for the kind of provider that linked it. A tenant's connection names
 * its own issuer (a SAML entityID is whatever its metadata says) and its IdP chooses the subject, so it can link any
 * (issuer, subject) it likes, Google's and other tenants' included: Google's sign-in must never find such a link,
 * another tenant's connection must never find it, and it must never stop the real owner of that pair from linking.
 */
class LinkedIdentityLookupTest {

    private static final String GOOGLE = "https://accounts.google.example";
    private static final String CORP_IDP = "https://idp.corp.example/saml";
    private static final String SUBJECT = "109876543210987654321";

    private DatabaseSettings db;
    private MigratedRows rows;
    private final UUID victims = UUID.randomUUID();
    private final UUID victim = UUID.randomUUID();
    private final UUID rogue = UUID.randomUUID();
    private final UUID stooge = UUID.randomUUID();

    @BeforeEach
    void migratedWithAVictimAndARogueTenant() {
        db = TestDatabases.migrated();
        rows = new MigratedRows(db);
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, 'Victims'), (?, 'Rogue')", victims, rogue);
        member(victims, victim, "vic@victims.example");
        member(rogue, stooge, "x@rogue.example");
    }

    @Test
    void aTenantsLinkOfGooglesIssuerAndAVictimsSubjectIsNeverFoundByGoogle() throws SQLException {
        // The rogue tenant's SAML connection, whose metadata names Google's issuer, linked the victim's Google subject
        // to a member of its own first.
        link(rogue, stooge, GOOGLE, SUBJECT, false);
        assertEquals(List.of(), lookup(GOOGLE, SUBJECT, null), "Google does not find a tenant's link");
        // The victim's own Google sign-in links them (the pair was not taken) and finds them, and only them.
        link(victims, victim, GOOGLE, SUBJECT, true);
        assertEquals(List.of(victims + " " + victim), lookup(GOOGLE, SUBJECT, null));
        assertEquals(List.of(rogue + " " + stooge), lookup(GOOGLE, SUBJECT, rogue), "the rogue's link answers the rogue");
        assertEquals(List.of(), lookup(GOOGLE, SUBJECT, victims), "the victim's tenant has no connection link of it");
    }

    @Test
    void anotherTenantsLinkOfAnIdpsSubjectNeitherAnswersForNorBlocksTheTenantWhoseIdpItIs() throws SQLException {
        // The rogue tenant copied the victims' IdP entityID (public in its metadata) and guessed a NameID first.
        link(rogue, stooge, CORP_IDP, "vic@victims.example", false);
        assertEquals(List.of(), lookup(CORP_IDP, "vic@victims.example", victims));
        link(victims, victim, CORP_IDP, "vic@victims.example", false);
        assertEquals(List.of(victims + " " + victim), lookup(CORP_IDP, "vic@victims.example", victims));
        assertEquals(List.of(rogue + " " + stooge), lookup(CORP_IDP, "vic@victims.example", rogue));
        assertEquals(List.of(), lookup(CORP_IDP, "vic@victims.example", null), "a connection's link is not Google's");
    }

    @Test
    void eachKindOfLinkIsStillUniqueWhereItIsLookedUp() {
        link(victims, victim, GOOGLE, SUBJECT, true);
        link(rogue, stooge, CORP_IDP, SUBJECT, false);
        UUID other = UUID.randomUUID();
        member(rogue, other, "y@rogue.example");
        IllegalStateException google = assertThrows(IllegalStateException.class,
                () -> link(rogue, other, GOOGLE, SUBJECT, true));
        assertTrue(google.getMessage().contains("sso_identities_global_key"), google.getMessage());
        IllegalStateException tenants = assertThrows(IllegalStateException.class,
                () -> link(rogue, other, CORP_IDP, SUBJECT, false));
        assertTrue(tenants.getMessage().contains("sso_identities_tenant_key"), tenants.getMessage());
    }

    /** The rows sso_identity_by_subject answers the runtime role, as "tenant user". */
    private List<String> lookup(String issuer, String subject, UUID tenant) throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            return column(app, "SELECT tenant_id || ' ' || user_id FROM sso_identity_by_subject(?, ?, CAST(? AS uuid))",
                    issuer, subject, tenant == null ? null : tenant.toString());
        }
    }

    private void member(UUID tenant, UUID person, String email) {
        rows.superuser("INSERT INTO people (id, email) VALUES (?, ?)", person, email);
        rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (?, ?, ?, ?, 'Someone',"
                + " 'member')", person, tenant, person, email);
    }

    private void link(UUID tenant, UUID user, String issuer, String subject, boolean global) {
        rows.superuser("INSERT INTO sso_identities (id, tenant_id, user_id, person_id, global, issuer, subject, email)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'someone@example.test')", UUID.randomUUID(), tenant, user, user, global,
                issuer, subject);
    }
}
