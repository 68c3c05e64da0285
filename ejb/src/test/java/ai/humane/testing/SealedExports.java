package ai.humane.testing;

import ai.humane.crypto.control.KeyRing;
import ai.humane.privacy.control.ArchiveCipher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Export archives (L3) as the privacy worker leaves them, for the tests of what reads them without serving them (a
 * restore's check of the keys, O3): a finished export's job and its archive, sealed under the key derived from one
 * Fernet key, in one part.
 */
public final class SealedExports {

    private SealedExports() {
    }

    /**
     * A finished export of {@code tenant}'s, sealed under the key that {@code fernetKey} derives for archives, expiring
     * {@code lifetime} (a PostgreSQL interval, negative for one already expired) from now; written past row-level
     * security, so {@code db} is a superuser's or the owner's with the walls lifted.
     */
    public static UUID seal(Connection db, UUID tenant, String fernetKey, String lifetime) throws SQLException, IOException {
        ArchiveCipher cipher = new ArchiveCipher(new KeyRing(fernetKey).derive(ArchiveCipher.purpose()));
        UUID job = UUID.randomUUID();
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = cipher.sealing(sealed, tenant, job)) {
            out.write("{\"people\": []}".getBytes(StandardCharsets.UTF_8));
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO privacy_jobs (id, tenant_id, kind, scope, status,"
                + " requested_by, archive_bytes, key_id, finished_at, expires_at) VALUES (?, ?, 'export', 'account',"
                + " 'succeeded', 'user', ?, ?, now(), now() + ?::interval)")) {
            insert.setObject(1, job);
            insert.setObject(2, tenant);
            insert.setLong(3, sealed.size());
            insert.setBytes(4, cipher.keyId());
            insert.setString(5, lifetime);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO privacy_archive_parts (tenant_id, job_id, part, bytes) VALUES (?, ?, 0, ?)")) {
            insert.setObject(1, tenant);
            insert.setObject(2, job);
            insert.setBytes(3, sealed.toByteArray());
            insert.executeUpdate();
        }
        return job;
    }
}
