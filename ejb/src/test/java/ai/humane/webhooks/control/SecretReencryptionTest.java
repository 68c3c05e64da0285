package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.Reencryption;
import ai.humane.tenancy.control.TenantTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** K3 for webhook secrets, on a real PostgreSQL 16: old tokens move forward, unreadable ones are reported and kept. */
class SecretReencryptionTest {

    @Test
    void movesTokensUnderAnOldKeyForwardAndReportsOnesNoKeyOpens() throws Exception {
        WebhookDatabase db = WebhookDatabase.migrated();
        String oldKey = KeyRing.generateKey();
        String newKey = KeyRing.generateKey();
        UUID tenant = db.tenant("owner-" + UUID.randomUUID() + "@example.test").tenantId();
        UUID moved = db.endpoint(tenant, "[\"*\"]", true);
        UUID lost = db.endpoint(tenant, "[\"*\"]", true);
        String secret = SigningSecret.generate();
        db.single("UPDATE webhook_endpoints SET secret = ? WHERE id = ?", new KeyRing(oldKey).encrypt(secret), moved);
        String unreadable = new KeyRing(KeyRing.generateKey()).encrypt(secret);
        db.single("UPDATE webhook_endpoints SET secret = ? WHERE id = ?", unreadable, lost);

        KeyRing ring = new KeyRing(newKey + "," + oldKey);
        SecretReencryption.Report report;
        try (Connection c = db.app()) {
            report = new SecretReencryption(new Reencryption(ring)).run(c);
        }

        assertEquals(1, report.moved());
        assertEquals(1, report.unreadable().size());
        assertTrue(report.unreadable().get(0).contains(lost.toString()), report.toString());
        String token = db.single("SELECT secret FROM webhook_endpoints WHERE id = ?", moved);
        assertEquals(secret, new KeyRing(newKey).decrypt(token), "now opens under the new key alone");
        assertFalse(ring.needsRotation(token));
        assertEquals(unreadable, db.single("SELECT secret FROM webhook_endpoints WHERE id = ?", lost));
    }

    /**
     * Re-sealing an endpoint's secrets under the newest key changes its tokens, not its secrets: the generation (V45)
     * stays, so no claim of the endpoint is taken for outdated, and a 410 answered across the night's run still
     * disables it. Only the re-encryption's own transaction is told apart: a change of the secret, or of the URL beside
     * the new token, moves the generation as before, also on the connection the re-encryption used. Broken once: with
     * the re-encryption not saying it re-seals, the generation moved from 2 to 4.
     */
    @Test
    void reSealingAnEndpointsSecretsLeavesItsGenerationWhereItWas() throws Exception {
        WebhookDatabase db = WebhookDatabase.migrated();
        String oldKey = KeyRing.generateKey();
        String newKey = KeyRing.generateKey();
        UUID tenant = db.tenant("owner-" + UUID.randomUUID() + "@example.test").tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        KeyRing old = new KeyRing(oldKey);
        db.single("UPDATE webhook_endpoints SET secret = ? WHERE id = ?", old.encrypt(SigningSecret.generate()), endpoint);
        db.single("UPDATE webhook_endpoints SET previous_secret = secret, secret = ?, previous_secret_until = now() "
                + "+ interval '1 day' WHERE id = ?", old.encrypt(SigningSecret.generate()), endpoint);
        String generation = generation(db, endpoint);

        try (Connection c = db.app()) {
            assertEquals(2, new SecretReencryption(new Reencryption(new KeyRing(newKey + "," + oldKey))).run(c).moved());
            assertEquals(generation, generation(db, endpoint), "re-sealed, not changed");

            TenantTransactions.inTenant(c, tenant, tx -> update(tx, "UPDATE webhook_endpoints SET secret = 'another' "
                    + "WHERE id = ?", endpoint));
        }
        assertEquals(Long.parseLong(generation) + 1, Long.parseLong(generation(db, endpoint)),
                "a change after it, on the same connection, moves it");
        try (Connection c = db.app()) {
            TenantTransactions.inTenant(c, tenant, tx -> {
                update(tx, "SELECT set_config('humane.resealing', 'on', true)", null);
                return update(tx, "UPDATE webhook_endpoints SET secret = 'again', url = 'http://127.0.0.1:9/moved' "
                        + "WHERE id = ?", endpoint);
            });
        }
        assertEquals(Long.parseLong(generation) + 2, Long.parseLong(generation(db, endpoint)),
                "a new URL moves it, whatever the transaction says");
    }

    private static String generation(WebhookDatabase db, UUID endpoint) throws SQLException {
        return db.single("SELECT generation::text FROM webhook_endpoints WHERE id = ?", endpoint);
    }

    private static int update(Connection tx, String sql, UUID id) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(sql)) {
            if (id != null) {
                statement.setObject(1, id);
            }
            statement.execute();
            return statement.getUpdateCount();
        }
    }

    /**
     * Payment tokens (billing) and TOTP secrets (S8; the person's since V27, reached through each tenant of theirs)
     * are sealed with the same ring and move with the rest, once.
     */
    @Test
    void movesPaymentTokensAndTotpSecretsForwardToo() throws Exception {
        WebhookDatabase db = WebhookDatabase.migrated();
        String oldKey = KeyRing.generateKey();
        String newKey = KeyRing.generateKey();
        var owner = db.tenant("owner-" + UUID.randomUUID() + "@example.test");
        db.single("UPDATE tenants SET payment_token = ? WHERE id = ?", new KeyRing(oldKey).encrypt("tok_card"),
                owner.tenantId());
        db.single("UPDATE people SET totp_secret = ? WHERE id = (SELECT person_id FROM users WHERE id = ?)",
                new KeyRing(oldKey).encrypt("GEZDGNBVGY3TQOJQ"), owner.ownerId());
        UUID elsewhere = db.tenant("owner-" + UUID.randomUUID() + "@example.test").tenantId();
        db.single("INSERT INTO users (id, tenant_id, person_id, email, name, role) SELECT ?, ?, person_id, email, 'Also',"
                + " 'member' FROM users WHERE id = ?", UUID.randomUUID(), elsewhere, owner.ownerId());

        try (Connection c = db.app()) {
            assertEquals(2, new SecretReencryption(new Reencryption(new KeyRing(newKey + "," + oldKey))).run(c).moved(),
                    "the payment token and the person's secret, once though the person is in two tenants");
        }

        KeyRing newOnly = new KeyRing(newKey);
        assertEquals("tok_card", newOnly.decrypt(db.single("SELECT payment_token FROM tenants WHERE id = ?",
                owner.tenantId())));
        assertEquals("GEZDGNBVGY3TQOJQ", newOnly.decrypt(db.single("SELECT p.totp_secret FROM people p JOIN users u"
                + " ON u.person_id = p.id WHERE u.id = ?", owner.ownerId())));
    }

    @Test
    void movesSsoConnectionSecretsAndRefreshTokensForwardToo() throws Exception {
        WebhookDatabase db = WebhookDatabase.migrated();
        String oldKey = KeyRing.generateKey();
        String newKey = KeyRing.generateKey();
        var owner = db.tenant("owner-" + UUID.randomUUID() + "@example.test");
        UUID tenant = owner.tenantId();
        String secret = "client-secret-" + UUID.randomUUID();
        UUID connection = UUID.randomUUID();
        db.single("INSERT INTO oidc_connections (id, tenant_id, name, issuer, client_id, client_secret)"
                + " VALUES (?, ?, 'idp', 'https://idp.example', 'c', ?)", connection, tenant, new KeyRing(oldKey).encrypt(secret));
        UUID identity = UUID.randomUUID();
        db.single("INSERT INTO sso_identities (id, tenant_id, user_id, person_id, global, issuer, subject, email, refresh_token)"
                + " SELECT ?, ?, id, person_id, false, 'https://idp.example', 's', 'a@b.test', ? FROM users WHERE id = ?",
                identity, tenant, new KeyRing(oldKey).encrypt("refresh-" + secret), owner.ownerId());

        try (Connection c = db.app()) {
            assertEquals(2, new SecretReencryption(new Reencryption(new KeyRing(newKey + "," + oldKey))).run(c).moved());
        }
        assertEquals(secret, new KeyRing(newKey).decrypt(db.single("SELECT client_secret FROM oidc_connections WHERE id = ?", connection)));
        assertEquals("refresh-" + secret, new KeyRing(newKey).decrypt(
                db.single("SELECT refresh_token FROM sso_identities WHERE id = ?", identity)));
    }
}
