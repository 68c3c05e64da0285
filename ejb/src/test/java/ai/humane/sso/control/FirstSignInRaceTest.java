package ai.humane.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S5, S6: which failures of a first sign-in are a lost race, tried once more. The failures are PostgreSQL's own,
 * each met by inserting again what a first sign-in creates (the person, the membership, either kind of link); any
 * other constraint's failure, unique or not, and a second loss, go on as they came.
 */
class FirstSignInRaceTest {

    private static final String ISSUER = "https://idp.corp.example/saml";

    private DatabaseSettings db;
    private MigratedRows rows;
    private final UUID tenant = UUID.randomUUID();
    private final UUID person = UUID.randomUUID();

    @BeforeEach
    void migratedWithALinkedMember() {
        db = TestDatabases.migrated();
        rows = new MigratedRows(db);
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, 'Corp')", tenant);
        rows.superuser("INSERT INTO people (id, email) VALUES (?, 'ann@corp.example')", person);
        rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (?, ?, ?, "
                + "'ann@corp.example', 'Ann', 'member')", person, tenant, person);
        link(false);
        link(true);
        rows.superuser("INSERT INTO sso_domains (id, tenant_id, domain, token) VALUES (?, ?, 'corp.example', ?)",
                UUID.randomUUID(), tenant, "t".repeat(43));
    }

    @Test
    void aFirstSignInThatMeetsWhatItCreatesIsTriedOnceMoreAndAnswersAsTheSecondTry() {
        List<Runnable> losses = List.of(
                () -> rows.superuser("INSERT INTO people (id, email) VALUES (?, 'ann@corp.example')", UUID.randomUUID()),
                () -> rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (?, ?, ?, "
                        + "'ann@corp.example', 'Ann', 'member')", UUID.randomUUID(), tenant, person),
                () -> link(false),
                () -> link(true));
        for (Runnable loss : losses) {
            List<String> tries = new ArrayList<>();
            String answer = FirstSignInRace.retriedOnce(() -> {
                tries.add("try");
                if (tries.size() == 1) {
                    loss.run();
                }
                return "signed in";
            });
            assertEquals("signed in", answer);
            assertEquals(2, tries.size());
        }
    }

    @Test
    void anyOtherFailureAndASecondLossGoOnAsTheyCame() {
        assertTriedOnce(() -> rows.superuser("INSERT INTO sso_domains (id, tenant_id, domain, token) VALUES "
                + "(?, ?, 'corp.example', ?)", UUID.randomUUID(), tenant, "t".repeat(43)), "sso_domains_tenant_id_domain_key");
        assertTriedOnce(() -> rows.superuser("INSERT INTO people (id, email) VALUES (?, 'Not An Address')",
                UUID.randomUUID()), "people_email");
        assertTriedOnce(() -> rows.superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES "
                + "(?, ?, ?, 'bob@corp.example', 'Bob', 'member')", UUID.randomUUID(), tenant, UUID.randomUUID()), "users_person");

        List<String> tries = new ArrayList<>();
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> FirstSignInRace.retriedOnce(() -> {
            tries.add("try");
            link(false);
            return "signed in";
        }));
        assertEquals(2, tries.size(), "tried once more, and no more");
        assertTrue(second.getMessage().contains("sso_identities_tenant_key"), second.getMessage());
    }

    private static void assertTriedOnce(Runnable failing, String constraint) {
        List<String> tries = new ArrayList<>();
        Supplier<String> signIn = () -> {
            tries.add("try");
            failing.run();
            return "signed in";
        };
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> FirstSignInRace.retriedOnce(signIn));
        assertEquals(1, tries.size(), constraint + " is not a lost race: " + thrown.getMessage());
        assertTrue(thrown.getMessage().contains(constraint), thrown.getMessage());
    }

    private void link(boolean global) {
        rows.superuser("INSERT INTO sso_identities (id, tenant_id, user_id, person_id, global, issuer, subject, email)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'ann', 'ann@corp.example')", UUID.randomUUID(), tenant, person, person,
                global, ISSUER);
    }
}
