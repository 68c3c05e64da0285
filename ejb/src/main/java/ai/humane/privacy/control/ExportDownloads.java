package ai.humane.privacy.control;

import ai.humane.audit.control.AuditChain;
import ai.humane.audit.control.AuditEntry;
import ai.humane.json.control.JsonP;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Records the download of an export archive (L1, L3): {@code data.export_downloaded} by whom the link was issued
 * to, naming the job (the event's time says when), with the scope only: no end user, no content. On a tenant
 * under a BAA the download is also O6's {@code end_user_data.read} of kind {@code export}. The download link
 * carries no session, so the events are appended on the download's own connection, in the link's tenant scope,
 * and must commit before a byte is served.
 */
public final class ExportDownloads {

    private static final String UNDER_BAA = "SELECT baa_accepted_at IS NOT NULL FROM tenants WHERE id = humane_current_tenant()";

    private ExportDownloads() {
    }

    public static void record(Connection db, DownloadLinks.Target link, PrivacyJob job, String clientIp) throws SQLException {
        AuditChain chain = new AuditChain();
        String id = job.id().toString();
        chain.append(db, new AuditEntry(link.issuedTo(), "data.export_downloaded", "privacy_job", id, null,
                JsonP.createObjectBuilder().add("scope", job.scope()).build().toString(), clientIp));
        if (underBaa(db)) {
            chain.append(db, new AuditEntry(link.issuedTo(), "end_user_data.read", "privacy_job", id, null,
                    JsonP.createObjectBuilder().add("kind", "export").add("count", records(job)).build().toString(), clientIp));
        }
    }

    private static boolean underBaa(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(UNDER_BAA); ResultSet row = query.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    /** Every record of the archive, whatever its kind. */
    private static long records(PrivacyJob job) {
        return job.counts() == null ? 0 : JsonP.createReader(new StringReader(job.counts())).readObject().values().stream()
                .filter(value -> value.getValueType() == JsonValue.ValueType.NUMBER)
                .mapToLong(value -> ((JsonNumber) value).longValue()).sum();
    }
}
