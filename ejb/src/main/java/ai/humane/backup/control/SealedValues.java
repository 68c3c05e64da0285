package ai.humane.backup.control;

import ai.humane.crypto.control.KeyRing;
import ai.humane.privacy.control.ArchiveCipher;
import ai.humane.privacy.control.PrivacyJobs;
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
 * opens. Export archives (L3) are not tokens: they are sealed under keys derived from the ring, so they are counted
 * apart, by the derivation and key ids the application opens them with ({@link ArchiveCipher}).
 */
final class SealedValues {

    /** Where an export archive's ciphertext is kept, the key id that sealed it being in {@code privacy_jobs.key_id}. */
    static final String ARCHIVES = "privacy_archive_parts.bytes";

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

    /**
     * {@value #ARCHIVES} and how many downloadable export archives no key derived from {@code ring} opens (each is
     * looked up by the key id its job records, as a download does); empty when there are none, or when the backup's
     * schema predates exports.
     */
    static Map<String, Long> unopenedArchives(Connection db, List<Tables.Table> tables, KeyRing ring) throws SQLException {
        if (tables.stream().noneMatch(table -> table.name().equals("privacy_jobs"))) {
            return Map.of();
        }
        ArchiveCipher cipher = new ArchiveCipher(ring.derive(ArchiveCipher.purpose()));
        long unopened = PrivacyJobs.archiveKeys(db).stream().filter(keyId -> !cipher.holds(keyId)).count();
        return unopened == 0 ? Map.of() : Map.of(ARCHIVES, unopened);
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
