package ai.humane.backup.control;

import ai.humane.crypto.control.KeyRing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the restored values sealed under a Fernet key that the given ring lacks (O3, K3). A backup keeps secrets as
 * they were sealed the night it was taken; once the key that sealed them has left FERNET_KEYS they cannot be
 * opened (TOTP secrets, webhook and inbound secrets, provider keys, OIDC secrets, payment tokens, queued mail).
 * Every text column of every table is read, not a list of the sealed ones, so a column sealed in a later release is
 * not missed: a value counts when it is a Fernet token ({@code gAAAAA…}, whole AES blocks and an HMAC) that no key
 * opens. Export archives, sealed under keys derived from the ring rather than as tokens, are not checked.
 */
final class SealedValues {

    private SealedValues() {
    }

    /** {@code table.column} and how many of its values no key of {@code ring} opens; only columns with any. */
    static Map<String, Long> unopened(Connection db, List<Tables.Table> tables, KeyRing ring) throws SQLException {
        Map<String, Long> unopened = new TreeMap<>();
        for (Tables.Table table : tables) {
            List<String> text = textColumns(db, table.name());
            if (text.isEmpty()) {
                continue;
            }
            String sql = "SELECT " + String.join(", ", text.stream().map(Tables::quote).toList()) + " FROM ONLY "
                    + Tables.quote(table.name()) + " WHERE " + String.join(" OR ",
                    text.stream().map(c -> Tables.quote(c) + " LIKE 'gAAAAA%'").toList());
            try (PreparedStatement query = db.prepareStatement(sql)) {
                query.setFetchSize(500);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        for (int i = 0; i < text.size(); i++) {
                            if (ring.sealedUnderAnotherKey(row.getString(i + 1))) {
                                unopened.merge(table.name() + "." + text.get(i), 1L, Long::sum);
                            }
                        }
                    }
                }
            }
        }
        return unopened;
    }

    private static List<String> textColumns(Connection db, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attnum > 0 AND NOT attisdropped AND atttypid IN ('text'::regtype, 'varchar'::regtype) ORDER BY attnum")) {
            query.setString(1, Tables.quote(table));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    columns.add(row.getString(1));
                }
            }
        }
        return columns;
    }
}
