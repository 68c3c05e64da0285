package ai.humane.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The boot check of the second tenancy wall, and the wall itself, on a real PostgreSQL 16. */
class TenancyWallsTest {

    private DatabaseSettings db;

    @BeforeEach
    void migratedDatabase() {
        db = TestDatabases.migrated();
    }

    @Test
    void acceptsTheMigratedSchemaForTheRuntimeRole() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(), new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesARuntimeRoleThatOwnsTheTables() throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db)) {
            TenancyWallBreach breach = assertThrows(TenancyWallBreach.class, () -> new TenancyWalls().verify(owner, Map.of()));
            assertTrue(breach.getMessage().contains("owns table engines"), breach.getMessage());
        }
    }

    @Test
    void refusesATenantTableWithoutAPolicy() throws SQLException {
        owner("CREATE TABLE notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)",
                "ALTER TABLE notes ENABLE ROW LEVEL SECURITY", "ALTER TABLE notes FORCE ROW LEVEL SECURITY",
                "GRANT SELECT ON notes TO " + db.appUser());
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table notes has no row-level security policy for the runtime role"),
                    new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesAPolicyWhoseExpressionIsNotTheTenantPredicate() throws SQLException {
        owner("DROP POLICY tenant_isolation ON engines",
                "CREATE POLICY tenant_isolation ON engines USING (tenant_id = humane_current_tenant() OR true)"
                        + " WITH CHECK (tenant_id = humane_current_tenant())");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table engines: policy tenant_isolation lets the runtime role reach rows by USING"
                    + " ((tenant_id = humane_current_tenant()) OR true) WITH CHECK (tenant_id = humane_current_tenant()),"
                    + " not by the tenant predicate", "table engines: no tenant policy covers SELECT, INSERT, UPDATE, DELETE"
                    + " for the runtime role"), new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesASecondPermissivePolicyThatWidensTheFirst() throws SQLException {
        owner("CREATE POLICY peek ON users FOR SELECT TO " + db.appUser() + " USING (true)");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table users: policy peek lets the runtime role reach rows by USING true, not by the tenant predicate"),
                    new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesATenantPolicyThatCoversFewerCommandsThanTheRoleIsGranted() throws SQLException {
        owner("DROP POLICY tenant_isolation ON experiments",
                "CREATE POLICY tenant_isolation ON experiments FOR SELECT USING (tenant_id = humane_current_tenant())");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table experiments: no tenant policy covers INSERT, UPDATE, DELETE for the runtime role"),
                    new TenancyWalls().breaches(app));
        }
    }

    @Test
    void acceptsRestrictivePoliciesAndTheOwnersOwnLookups() throws SQLException {
        owner("CREATE POLICY only_lexicon ON engines AS RESTRICTIVE USING (kind = 'lexicon')",
                "CREATE POLICY owner_scan ON engines FOR SELECT TO CURRENT_USER USING (true)");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(), new TenancyWalls().breaches(app));
        }
    }

    @Test
    void everyTableTheRuntimeRoleReachesOutsideTheWallsHasADocumentedReason() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(), new TenancyWalls().unexplainedTables(app));
        }
    }

    @Test
    void listsAReachableTableWithNeitherAPolicyNorAReason() throws SQLException {
        owner("CREATE TABLE scratch (note text)", "GRANT SELECT, INSERT ON scratch TO " + db.appUser(),
                "CREATE VIEW every_engine AS SELECT * FROM engines", "GRANT SELECT ON every_engine TO " + db.appUser(),
                "CREATE TABLE unreached (note text)");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table every_engine is reachable by the runtime role (SELECT) with neither a row-level security"
                            + " policy nor a documented reason", "table scratch is reachable by the runtime role (INSERT, SELECT)"
                            + " with neither a row-level security policy nor a documented reason"),
                    new TenancyWalls().unexplainedTables(app));
            assertEquals(List.of(), new TenancyWalls().breaches(app), "not a breach of the walls: development only warns");
        }
    }

    @Test
    void listsADocumentedTableTheRuntimeRoleMayDoMoreWithThanItsReasonSays() throws SQLException {
        owner("GRANT SELECT ON waitlist TO " + db.appUser());
        try (Connection app = TestDatabases.asApp(db)) {
            List<String> unexplained = new TenancyWalls().unexplainedTables(app);
            assertEquals(1, unexplained.size(), unexplained.toString());
            assertTrue(unexplained.get(0).startsWith("table waitlist: the runtime role may also SELECT, beyond its documented reason"),
                    unexplained.get(0));
        }
    }

    @Test
    void refusesAPeopleWallThatIsNotForcedOrWidenedOrLetsPeopleBeDeleted() throws SQLException {
        owner("ALTER TABLE people NO FORCE ROW LEVEL SECURITY",
                "CREATE POLICY peek ON people FOR SELECT TO " + db.appUser() + " USING (true)",
                "GRANT DELETE ON people TO " + db.appUser());
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table people does not enable and FORCE row-level security",
                    "table people: the runtime role may DELETE a person",
                    "table people: policy peek lets the runtime role reach people by USING true WITH CHECK null, not by membership"),
                    new TenancyWalls().breaches(app));
        }
    }

    /** A tenant changes of its members' people only the password, verification and second factor (V27), never more. */
    @Test
    void refusesAPeopleWallThatLetsATenantChangeMoreThanThePersonsCredentials() throws SQLException {
        owner("GRANT UPDATE (email, created_at) ON people TO " + db.appUser());
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table people: the runtime role may UPDATE column email",
                    "table people: the runtime role may UPDATE column created_at"), new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesATenantTableWhoseSecurityIsNotForced() throws SQLException {
        owner("ALTER TABLE engines NO FORCE ROW LEVEL SECURITY");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table engines does not FORCE row-level security"), new TenancyWalls().breaches(app));
        }
    }

    /**
     * Migrated as a superuser, the SECURITY DEFINER functions would run as one: the owner's policies that bound them
     * (a purge deleting only spent links, say) would not hold (broken once: no breach).
     */
    @Test
    void refusesAFunctionRunningAsARoleThatRowLevelSecurityDoesNotBind() throws SQLException {
        TestDatabases.superuser(db, "ALTER FUNCTION purge_spent_email_links() OWNER TO postgres");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("function purge_spent_email_links() runs as postgres, which is a superuser:"
                    + " row-level security does not bind it (migrate as a role that is neither)"),
                    new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesARoleThatBypassesRowLevelSecurity() throws SQLException {
        TestDatabases.server().asSuperuser("ALTER ROLE " + db.appUser() + " BYPASSRLS", s -> { });
        try (Connection app = TestDatabases.asApp(db)) {
            assertTrue(new TenancyWalls().breaches(app).contains("database role " + db.appUser() + " has BYPASSRLS"));
        } finally {
            TestDatabases.server().asSuperuser("ALTER ROLE " + db.appUser() + " NOBYPASSRLS", s -> { });
        }
    }

    @Test
    void refusesAnEntityOfATenantTableWithoutEclipseLinkMultitenancy() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(), new TenancyWalls().entityBreaches(app, Map.of("ENGINES", true, "TENANTS", false)));
            assertEquals(List.of("entity table engines has tenant_id but no EclipseLink multitenant policy"),
                    new TenancyWalls().entityBreaches(app, Map.of("ENGINES", false)));
            assertThrows(TenancyWallBreach.class, () -> new TenancyWalls().verify(app, Map.of("ENGINES", false)));
        }
    }

    @Test
    void anInvitationsInviterIsAMemberOfItsOwnTenantOrNobody() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            TenantProvisioning.Provisioned mine = new TenantProvisioning().provision(app, "A", "a@example.test", "A");
            TenantProvisioning.Provisioned theirs = new TenantProvisioning().provision(app, "B", "b@example.test", "B");
            app.setAutoCommit(false);
            setTenant(app, mine.tenantId());
            String invite = "INSERT INTO invitations (id, tenant_id, email, role, invited_by, token_hash, expires_at) VALUES"
                    + " (gen_random_uuid(), '" + mine.tenantId() + "', 'c@example.test', 'member', '%s', gen_random_bytes(32),"
                    + " now() + interval '1 day')";
            SQLException refused = assertThrows(SQLException.class, () -> execute(app, invite.formatted(theirs.ownerId())));
            assertTrue(refused.getMessage().contains("invitations_invited_by_fkey"), refused.getMessage());
            app.rollback();
            setTenant(app, mine.tenantId());
            execute(app, invite.formatted(mine.ownerId()));
            execute(app, "DELETE FROM users WHERE id = '" + mine.ownerId() + "'");
            assertEquals(1, count(app, "SELECT count(*) FROM invitations WHERE invited_by IS NULL"), "the invitation stands");
            app.rollback();
        }
    }

    @Test
    void rowLevelSecurityAloneHidesOtherTenantsFromNativeSql() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            app.setAutoCommit(false);
            insertTenantWithEngine(app, a);
            insertTenantWithEngine(app, b);
            app.commit();

            setTenant(app, a);
            assertEquals(1, count(app, "SELECT count(*) FROM engines"));
            assertEquals(0, count(app, "SELECT count(*) FROM engines WHERE tenant_id = '" + b + "'"));
            assertEquals(1, count(app, "SELECT count(*) FROM tenants"));
            app.commit();

            assertEquals(0, count(app, "SELECT count(*) FROM engines"), "no tenant set: no tenant row at all");
            assertEquals(0, count(app, "SELECT count(*) FROM tenants"));
            app.rollback();
        }
    }

    @Test
    void rowLevelSecurityRefusesWritingIntoAnotherTenant() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            app.setAutoCommit(false);
            insertTenantWithEngine(app, a);
            insertTenantWithEngine(app, b);
            app.commit();
            setTenant(app, a);
            SQLException refused = assertThrows(SQLException.class, () -> execute(app,
                    "INSERT INTO engines (id, tenant_id, name, kind) VALUES (gen_random_uuid(), '" + b + "', 'x', 'lexicon')"));
            assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
            app.rollback();
            setTenant(app, a);
            assertEquals(0, update(app, "UPDATE engines SET name = 'stolen' WHERE tenant_id = '" + b + "'"));
            assertEquals(0, update(app, "DELETE FROM engines WHERE tenant_id = '" + b + "'"));
            app.commit();
        }
    }

    /**
     * The columns the walls trust are fixed once the row exists, for the runtime role: a membership's person, a
     * session's by_password and an SSO identity's global mark (V35; broken once: each UPDATE went through, and the
     * membership then read the other tenant's person's password hash).
     */
    @Test
    void theRuntimeRoleCannotChangeTheColumnsTheWallsTrust() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            app.setAutoCommit(false);
            insertTenantWithEngine(app, b);
            execute(app, "INSERT INTO users (id, tenant_id, email, name, role) VALUES ('" + victim + "', '" + b
                    + "', 'victim@b.test', 'V', 'owner')");
            insertTenantWithEngine(app, a);
            execute(app, "INSERT INTO users (id, tenant_id, email, name, role) VALUES ('" + member + "', '" + a
                    + "', 'member@a.test', 'M', 'owner')");
            execute(app, "INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash, expires_at, absolute_expires_at)"
                    + " VALUES ('" + session + "', '" + a + "', '" + member + "', sha256('t'::bytea), sha256('c'::bytea),"
                    + " now() + interval '1 day', now() + interval '2 days')");
            execute(app, "INSERT INTO sso_identities (id, tenant_id, user_id, issuer, subject, email, person_id, global)"
                    + " SELECT gen_random_uuid(), tenant_id, id, 'https://idp.a.test', 'sub', email, person_id, false"
                    + " FROM users WHERE id = '" + member + "'");
            app.commit();
            setTenant(app, b);
            String victimsPerson = single(app, "SELECT person_id::text FROM users WHERE id = '" + victim + "'");
            app.commit();

            List<String> answers = new ArrayList<>();
            for (String change : List.of(
                    "UPDATE users SET person_id = '" + victimsPerson + "' WHERE id = '" + member + "'",
                    "UPDATE sessions SET by_password = true WHERE id = '" + session + "'",
                    "UPDATE sso_identities SET global = true WHERE user_id = '" + member + "'")) {
                setTenant(app, a);
                try {
                    execute(app, change);
                    answers.add("changed");
                } catch (SQLException refused) {
                    answers.add(refused.getSQLState());
                }
                app.rollback();
            }
            assertEquals(List.of("42501", "42501", "42501"), answers, "person_id, by_password, global");
            setTenant(app, a);
            assertEquals(1, update(app, "UPDATE sessions SET revoked_at = now() WHERE id = '" + session + "'"),
                    "the row's other columns still change");
            app.commit();
        }
    }

    /**
     * The runtime role writes a person's first membership itself (sign-up, a new person's invitation, just in time, the
     * operator's provisioning), but a membership naming a person who is already somebody's member only through
     * membership_by_invitation, which accepts a pending invitation of that tenant to that person's address (V39;
     * broken once: without first_membership_only the direct INSERT joined the victim's person to the tenant).
     */
    @Test
    void theRuntimeRoleAddsAnExistingPersonOnlyByAcceptingTheirInvitation() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            TenantProvisioning.Provisioned victims = new TenantProvisioning().provision(app, "V", "victim@v.test", "V");
            TenantProvisioning.Provisioned mine = new TenantProvisioning().provision(app, "M", "mine@m.test", "M");
            String person = victims.ownerId().toString();
            app.setAutoCommit(false);

            setTenant(app, mine.tenantId());
            SQLException refused = assertThrows(SQLException.class, () -> execute(app,
                    "INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (gen_random_uuid(), '"
                            + mine.tenantId() + "', '" + person + "', 'victim@v.test', 'V', 'owner')"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("first_membership_only"), refused.getMessage());
            app.rollback();

            List<String> answers = new ArrayList<>();
            for (String invitation : List.of(
                    "'victim@v.test', now() + interval '1 day', NULL", // pending: the one that is taken
                    "'other@v.test', now() + interval '1 day', NULL",  // to another address
                    "'victim@v.test', now(), NULL",                    // withdrawn (or expired)
                    "'victim@v.test', now() + interval '1 day', now()" // already accepted
            )) {
                setTenant(app, mine.tenantId());
                String id = single(app, "INSERT INTO invitations (id, tenant_id, role, token_hash, email, expires_at, accepted_at)"
                        + " VALUES (gen_random_uuid(), '" + mine.tenantId() + "', 'admin', gen_random_bytes(32), " + invitation
                        + ") RETURNING id::text");
                answers.add(single(app, "SELECT membership_by_invitation('" + id + "', '" + person
                        + "', gen_random_uuid(), 'V')") + "/" + count(app, "SELECT count(*) FROM users WHERE person_id = '"
                        + person + "'") + "/" + single(app, "SELECT (accepted_at IS NOT NULL)::text FROM invitations WHERE id = '"
                        + id + "'"));
                app.rollback();
            }
            assertEquals(List.of("admin/1/true", "null/0/false", "null/0/false", "null/0/true"), answers,
                    "the role joined / the person's memberships here / the invitation accepted");

            setTenant(app, mine.tenantId());
            UUID created = UUID.randomUUID();
            execute(app, "INSERT INTO people (id, email) VALUES ('" + created + "', 'new@m.test')");
            execute(app, "INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (gen_random_uuid(), '"
                    + mine.tenantId() + "', '" + created + "', 'new@m.test', 'N', 'member')");
            execute(app, "INSERT INTO users (id, tenant_id, email, name, role) VALUES (gen_random_uuid(), '"
                    + mine.tenantId() + "', 'newer@m.test', 'N', 'member')");
            app.commit();
            setTenant(app, mine.tenantId());
            assertEquals(3, count(app, "SELECT count(*) FROM users"), "first memberships are written directly");
            app.rollback();
        }
    }

    /**
     * A global (Google) link is written only by sso_identity_link_global, for a membership of the current tenant whose
     * person's verified address is the one asserted; a tenant connection's link is still written directly (V39; broken
     * once: without tenant_links_only the runtime role linked its own Google subject to the victim's person).
     */
    @Test
    void theRuntimeRoleLinksAGlobalIdentityOnlyToAVerifiedAddress() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            TenantProvisioning.Provisioned victims = new TenantProvisioning().provision(app, "V", "victim@v.test", "V");
            app.setAutoCommit(false);
            setTenant(app, victims.tenantId());
            String link = "INSERT INTO sso_identities (id, tenant_id, user_id, issuer, subject, email, person_id, global)"
                    + " SELECT gen_random_uuid(), tenant_id, id, 'https://accounts.google.com', 'attacker', email, person_id, %s"
                    + " FROM users WHERE id = '" + victims.ownerId() + "'";
            SQLException refused = assertThrows(SQLException.class, () -> execute(app, link.formatted("true")));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("tenant_links_only"), refused.getMessage());
            app.rollback();

            setTenant(app, victims.tenantId());
            execute(app, link.formatted("false"));
            String globally = "SELECT sso_identity_link_global(gen_random_uuid(), '" + victims.ownerId()
                    + "', 'https://accounts.google.com', 'google-subject', '%s')::text";
            assertEquals("false", single(app, globally.formatted("someone@else.test")), "another address");
            assertEquals("true", single(app, globally.formatted("victim@v.test")));
            assertEquals("[false, true]", List.of(single(app, "SELECT global::text FROM sso_identities WHERE subject = 'attacker'"),
                    single(app, "SELECT global::text FROM sso_identities WHERE subject = 'google-subject'")).toString());
            app.rollback();

            setTenant(app, victims.tenantId());
            execute(app, "UPDATE people SET email_verified_at = NULL");
            assertEquals("false", single(app, globally.formatted("victim@v.test")), "an address not verified");
            app.rollback();
        }
    }

    /**
     * A password change or reset withdraws the person's unused reset links in every tenant of theirs, not only the
     * current one (V34 with V36's owner policy; broken once: the link of the other tenant stayed unused, 1 of 2).
     */
    @Test
    void resetLinksAreWithdrawnInEveryTenantOfThePerson() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID inA = UUID.randomUUID();
        UUID inB = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            personInTwoTenants(app, "both@x.test", a, inA, b, inB);
            for (UUID[] member : new UUID[][] {{a, inA}, {b, inB}}) {
                setTenant(app, member[0]);
                execute(app, "INSERT INTO email_tokens (id, tenant_id, user_id, purpose, token_hash, expires_at) VALUES"
                        + " (gen_random_uuid(), '" + member[0] + "', '" + member[1] + "', 'password-reset',"
                        + " gen_random_bytes(32), now() + interval '1 hour')");
                app.commit();
            }

            setTenant(app, a);
            assertEquals("2", single(app, "SELECT person_password_resets_withdraw('" + inA + "')::text"));
            app.commit();
        }
        assertEquals("0", TestDatabases.superuser(db, "SELECT count(*)::text FROM email_tokens WHERE used_at IS NULL"));
    }

    /**
     * A password change or reset withdraws the person's sign-ins waiting for a second factor in every tenant of theirs
     * (V54 with its owner policies; broken once, without them: only the current tenant's, 1 of 2 left unused).
     */
    @Test
    void secondFactorChallengesAreWithdrawnInEveryTenantOfThePerson() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID inA = UUID.randomUUID();
        UUID inB = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            personInTwoTenants(app, "challenged@x.test", a, inA, b, inB);
            for (UUID[] member : new UUID[][] {{a, inA}, {b, inB}}) {
                setTenant(app, member[0]);
                execute(app, "INSERT INTO mfa_challenges (id, tenant_id, user_id, token_hash, expires_at) VALUES"
                        + " (gen_random_uuid(), '" + member[0] + "', '" + member[1] + "', gen_random_bytes(32),"
                        + " now() + interval '5 minutes')");
                app.commit();
            }

            setTenant(app, a);
            assertEquals("1", single(app, "SELECT count(*)::text FROM mfa_challenges"),
                    "the owner's policies give the runtime role nothing: it sees its tenant's challenge only");
            assertEquals("2", single(app, "SELECT person_mfa_challenges_withdraw('" + inA + "')::text"));
            app.commit();
        }
        assertEquals("0", TestDatabases.superuser(db, "SELECT count(*)::text FROM mfa_challenges WHERE used_at IS NULL"
                + " AND user_id IN ('" + inA + "', '" + inB + "')"));
    }

    /**
     * A person's sessions are listed and revoked in every tenant of theirs (V55), and only theirs: named by a membership
     * of another tenant, or by their membership with another person's session, both functions answer nothing and
     * change nothing.
     */
    @Test
    void aPersonsSessionsAreReachedInEveryTenantOfTheirsAndNoOthers() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID inA = UUID.randomUUID();
        UUID inB = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        UUID strangers = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            personInTwoTenants(app, "sessions@x.test", a, inA, b, inB);
            setTenant(app, b);
            execute(app, "INSERT INTO users (id, tenant_id, email, name, role) VALUES ('" + stranger + "', '" + b
                    + "', 'stranger@x.test', 'S', 'member')");
            for (UUID[] session : new UUID[][] {{theirs, inB}, {strangers, stranger}}) {
                execute(app, "INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash, expires_at,"
                        + " absolute_expires_at) VALUES ('" + session[0] + "', '" + b + "', '" + session[1] + "',"
                        + " gen_random_bytes(32), gen_random_bytes(32), now() + interval '1 day', now() + interval '2 days')");
            }
            app.commit();

            setTenant(app, a);
            assertEquals(theirs.toString(), single(app, "SELECT string_agg(id::text, ',') FROM person_sessions('" + inA + "')"));
            assertEquals("0", single(app, "SELECT count(*)::text FROM person_sessions('" + inB + "')"),
                    "named by a membership of another tenant");
            assertEquals("0", single(app, "SELECT count(*)::text FROM person_session_revoke('" + inA + "', '" + strangers
                    + "')"), "another person's session");
            assertEquals("0", single(app, "SELECT count(*)::text FROM person_session_revoke('" + inB + "', '" + theirs
                    + "')"), "named by a membership of another tenant");
            assertEquals(b.toString(), single(app, "SELECT tenant_id::text FROM person_session_revoke('" + inA + "', '"
                    + theirs + "')"));
            app.commit();
        }
        assertEquals(theirs.toString(), TestDatabases.superuser(db, "SELECT string_agg(id::text, ',') FROM sessions"
                + " WHERE id IN ('" + theirs + "', '" + strangers + "') AND revoked_at IS NOT NULL"));
    }

    /**
     * The withdrawal reaches a member's links through email_tokens_by_user (V37), not by reading every tenant's links:
     * the function's own statement, as stored, is planned with sequential scans priced out (broken once: without the
     * index the plan read all of each tenant's links by their UNIQUE (tenant_id, id) key).
     */
    @Test
    void theWithdrawalFindsEachMembersLinksByIndex() throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db)) {
            String statement = single(owner, "SELECT prosrc FROM pg_proc WHERE proname = 'person_password_resets_withdraw'");
            execute(owner, "SET enable_seqscan = off");
            execute(owner, "PREPARE withdraw(uuid) AS " + statement.replace("p_user", "$1"));
            StringBuilder plan = new StringBuilder();
            try (Statement s = owner.createStatement();
                 ResultSet rs = s.executeQuery("EXPLAIN EXECUTE withdraw('" + UUID.randomUUID() + "')")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("Index Scan using email_tokens_by_user on email_tokens"), plan.toString());
        }
    }

    /**
     * One person, a member of tenant {@code a} (membership {@code inA}, made directly) and of {@code b} ({@code inB},
     * by an invitation accepted as the runtime accepts one); committed, the connection left in a transaction.
     */
    private static void personInTwoTenants(Connection app, String email, UUID a, UUID inA, UUID b, UUID inB)
            throws SQLException {
        app.setAutoCommit(false);
        insertTenantWithEngine(app, a);
        execute(app, "INSERT INTO users (id, tenant_id, email, name, role) VALUES ('" + inA + "', '" + a + "', '" + email
                + "', 'P', 'owner')");
        String person = single(app, "SELECT person_id::text FROM users WHERE id = '" + inA + "'");
        app.commit();
        insertTenantWithEngine(app, b);
        assertEquals("member", single(app, "SELECT membership_by_invitation(" + invite(app, b, email) + ", '" + person
                + "', '" + inB + "', 'P')"));
        app.commit();
    }

    private static void insertTenantWithEngine(Connection app, UUID tenant) throws SQLException {
        setTenant(app, tenant);
        execute(app, "INSERT INTO tenants (id, name) VALUES ('" + tenant + "', 'T')");
        execute(app, "INSERT INTO engines (id, tenant_id, name, kind) VALUES (gen_random_uuid(), '" + tenant + "', 'e', 'lexicon')");
    }

    /** A pending invitation of the tenant (which must be the current one) to {@code email}; answers its id, quoted. */
    private static String invite(Connection app, UUID tenant, String email) throws SQLException {
        return "'" + single(app, "INSERT INTO invitations (id, tenant_id, email, role, token_hash, expires_at) VALUES"
                + " (gen_random_uuid(), '" + tenant + "', '" + email + "', 'member', gen_random_bytes(32),"
                + " now() + interval '1 day') RETURNING id::text") + "'";
    }

    private static void setTenant(Connection app, UUID tenant) throws SQLException {
        execute(app, "SELECT set_config('humane.tenant_id', '" + tenant + "', true)");
    }

    private void owner(String... statements) throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db); Statement s = owner.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
