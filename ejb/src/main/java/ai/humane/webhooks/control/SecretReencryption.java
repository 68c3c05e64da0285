package ai.humane.webhooks.control;

import ai.humane.crypto.control.Reencryption;
import ai.humane.tenancy.control.TenantTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Moves the sealed webhook and inbound secrets, provider keys, payment tokens and TOTP secrets forward to the first key of FERNET_KEYS (K3), tenant by
 * tenant, each in its own transaction. A token no key opens is reported and left as it is: a key removed
 * too early may still bring it back.
 */
public class SecretReencryption {

    private static final String[][] COLUMNS = {
            {"webhook_endpoints", "id", "secret"},
            {"webhook_endpoints", "id", "previous_secret"},
            {"inbound_secrets", "engine_id", "secret"},
            {"inbound_secrets", "engine_id", "previous_secret"},
            {"engines", "id", "provider_api_key"},
            {"tenants", "id", "payment_token"},
            {"people", "id", "totp_secret"},
            {"oidc_connections", "id", "client_secret"},
            {"sso_identities", "id", "refresh_token"}};

    private final Reencryption reencryption;

    public SecretReencryption(Reencryption reencryption) {
        this.reencryption = reencryption;
    }

    /** Runs on a connection in autocommit; answers how many tokens moved and which rows no key opens. */
    public Report run(Connection db) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT webhook_tenants_with_secrets()");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                tenants.add(row.getObject(1, UUID.class));
            }
        }
        Report report = new Report(0, List.of());
        for (UUID tenant : tenants) {
            for (String[] column : COLUMNS) {
                report = report.plus(TenantTransactions.inTenant(db, tenant,
                        tx -> moveForward(tx, column[0], column[1], column[2])));
            }
        }
        return report;
    }

    private Report moveForward(Connection tx, String table, String key, String column) throws SQLException {
        if ("webhook_endpoints".equals(table)) {
            resealing(tx);
        }
        List<Reencryption.StoredToken> stored = new ArrayList<>();
        try (PreparedStatement query = tx.prepareStatement("SELECT " + key + ", " + column + " FROM " + table
                + " WHERE " + column + " IS NOT NULL FOR UPDATE");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                stored.add(new Reencryption.StoredToken(row.getObject(1, UUID.class), row.getString(2)));
            }
        }
        Reencryption.Outcome outcome = reencryption.moveForward(stored);
        try (PreparedStatement update = tx.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE "
                + key + " = ?")) {
            for (Reencryption.StoredToken moved : outcome.moved()) {
                update.setString(1, moved.token());
                update.setObject(2, moved.id());
                update.executeUpdate();
            }
        }
        List<String> unreadable = outcome.unreadable().stream().map(id -> table + "." + column + " of " + id).toList();
        return new Report(outcome.moved().size(), unreadable);
    }

    /**
     * Tells V51's trigger that this transaction only re-seals: a new token of the same secret is no change of the
     * endpoint, so its generation stays, and the lanes' claims of it stay current (no lane is told, nor needs to be).
     * Transaction-local: it ends with this transaction, and the pooled connection carries nothing out.
     */
    private static void resealing(Connection tx) throws SQLException {
        try (PreparedStatement set = tx.prepareStatement("SELECT set_config('humane.resealing', 'on', true)")) {
            set.execute();
        }
    }

    /** Tokens moved forward, and the rows (table, column, id) whose token no key opens. */
    public record Report(int moved, List<String> unreadable) {

        Report plus(Report other) {
            List<String> all = new ArrayList<>(unreadable);
            all.addAll(other.unreadable);
            return new Report(moved + other.moved, List.copyOf(all));
        }
    }
}
