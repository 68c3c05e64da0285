package ai.humane.saml.control;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditChain;
import ai.humane.audit.control.AuditEntry;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.OutgoingMail;
import ai.humane.sessions.control.OpenedThrough;
import ai.humane.tenancy.control.TenantTransactions;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Refreshes, once a day, the metadata of connections made from a URL (S6). A connection is claimed by moving its
 * {@code metadata_fetched_at} forward in its tenant's transaction, so of several instances one fetches it; the
 * fetch runs outside any transaction. New metadata replaces the trusted certificates; a failed fetch or unusable
 * metadata keeps the last good copy in force and shows the reason in {@code metadata_error}. A refresh that changes
 * what the connection trusts (the IdP's entity id, its sign-in URL, the certificates) is audited in the same
 * transaction, as an owner's change is (L1), and the tenant's owners are told by e-mail, queued in that transaction
 * too: whoever controls the metadata URL controls who can sign in, and no person made this change to be asked about
 * it. The e-mail is a security notice, sent to every owner (no unsubscribe), as the certificate warnings are.
 * Metadata naming another IdP entity also ends what the connection vouched for under the one it named
 * ({@link OpenedThrough}), as an owner's re-pointing does.
 */
public class MetadataRefresh {

    public static final Duration EVERY = Duration.ofDays(1);

    private static final String CLAIM = "UPDATE saml_connections SET metadata_fetched_at = now() WHERE id = ? "
            + "AND metadata_url IS NOT NULL AND (metadata_fetched_at IS NULL OR metadata_fetched_at < ?) RETURNING metadata_url";
    private static final String DESCRIBE = "UPDATE saml_connections SET idp_entity_id = ?, idp_sso_url = ?, "
            + "idp_wants_signed_requests = ?, metadata_xml = ?, metadata_error = NULL, updated_at = now() WHERE id = ?";
    private static final String TRUST = "INSERT INTO saml_certificates (id, tenant_id, connection_id, der, sha256, subject, "
            + "not_after) VALUES (?, humane_current_tenant(), ?, ?, ?, ?, ?) ON CONFLICT (connection_id, sha256) DO NOTHING";

    /** What the connection trusts, as the audit log's JSON: compared before and after a refresh. */
    private static final String TRUSTED = "SELECT jsonb_build_object('idp_entity_id', c.idp_entity_id, 'idp_sso_url', "
            + "c.idp_sso_url, 'certificates', coalesce((SELECT jsonb_agg(s.sha256 ORDER BY s.sha256) FROM saml_certificates s "
            + "WHERE s.connection_id = c.id), '[]'::jsonb))::text FROM saml_connections c WHERE c.id = ?";

    private static final String OWNERS = "SELECT email FROM users WHERE role = 'owner'";

    private final Function<String, IdpMetadata> fetch;
    private final MailQueue outbox;
    private final AuditChain audit = new AuditChain();

    /**
     * {@code fetch} reads a metadata URL, throwing {@link MetadataRefused} when it cannot; {@code outbox} seals and
     * queues the owners' notices (K3).
     */
    public MetadataRefresh(Function<String, IdpMetadata> fetch, MailQueue outbox) {
        this.fetch = fetch;
        this.outbox = outbox;
    }

    /** Answers how many connections were refreshed successfully. */
    public int run(Connection db, Instant now) throws SQLException {
        Timestamp before = Timestamp.from(now.minus(EVERY));
        List<UUID[]> due = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT tenant_id, connection_id FROM saml_metadata_due(?)")) {
            query.setTimestamp(1, before);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    due.add(new UUID[] {rows.getObject(1, UUID.class), rows.getObject(2, UUID.class)});
                }
            }
        }
        int refreshed = 0;
        for (UUID[] connection : due) {
            String url = TenantTransactions.inTenant(db, connection[0], tx -> claim(tx, connection[1], before));
            if (url != null && refresh(db, connection[0], connection[1], url)) {
                refreshed++;
            }
        }
        return refreshed;
    }

    private boolean refresh(Connection db, UUID tenant, UUID connection, String url) throws SQLException {
        IdpMetadata metadata;
        try {
            metadata = fetch.apply(url);
        } catch (MetadataRefused refused) {
            TenantTransactions.inTenant(db, tenant, tx -> update(tx, "UPDATE saml_connections SET metadata_error = ? WHERE id = ?",
                    refused.detail().substring(0, Math.min(500, refused.detail().length())), connection));
            return false;
        }
        return TenantTransactions.inTenant(db, tenant, tx -> {
            String before = trusted(tx, connection);
            try (PreparedStatement describe = tx.prepareStatement(DESCRIBE)) {
                describe.setString(1, metadata.entityId());
                describe.setString(2, metadata.ssoUrl());
                describe.setBoolean(3, metadata.wantsSignedRequests());
                describe.setString(4, metadata.xml());
                describe.setObject(5, connection);
                describe.executeUpdate();
            }
            update(tx, "DELETE FROM saml_certificates WHERE connection_id = ?", connection);
            for (X509Certificate certificate : metadata.signingCertificates()) {
                trust(tx, connection, certificate);
            }
            String after = trusted(tx, connection);
            if (!after.equals(before)) {
                audit.append(tx, new AuditEntry(AuditActor.system(), "saml_connection.metadata_refreshed", "saml_connection",
                        connection.toString(), before, after, null));
                boolean anotherIdp = !object(before).getString("idp_entity_id", "")
                        .equals(object(after).getString("idp_entity_id", ""));
                tellOwners(tx, connection, url, before, after, anotherIdp ? endOpenedThrough(tx, connection) : -1);
            }
            return true;
        });
    }

    /**
     * The metadata names another IdP entity: what the connection vouched for under the one it named is ended, as when
     * an owner re-points it ({@code Sessions.endOpenedThrough}); audited {@code sso.sessions_ended} when any was.
     */
    private int endOpenedThrough(Connection tx, UUID connection) throws SQLException {
        int ended = OpenedThrough.end(tx, connection);
        if (ended > 0) {
            audit.append(tx, new AuditEntry(AuditActor.system(), "sso.sessions_ended", "saml_connection", connection.toString(),
                    null, JsonP.createObjectBuilder().add("sessions_ended", ended).add("because", "idp_changed").build()
                    .toString(), null));
        }
        return ended;
    }

    /** {@code ended}: the sessions ended because the metadata named another IdP; -1 when it names the same one. */
    private void tellOwners(Connection tx, UUID connection, String url, String before, String after, int ended)
            throws SQLException {
        String name;
        try (PreparedStatement query = tx.prepareStatement("SELECT name FROM saml_connections WHERE id = ?")) {
            query.setObject(1, connection);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                name = row.getString(1);
            }
        }
        String notice = notice(name, url, object(before), object(after), ended);
        try (PreparedStatement owners = tx.prepareStatement(OWNERS); ResultSet owner = owners.executeQuery()) {
            while (owner.next()) {
                outbox.queue(tx, MailKind.SAML_METADATA_CHANGED, new OutgoingMail(owner.getString(1),
                        "[Humane] Your SAML connection's identity provider changed", notice));
            }
        }
    }

    /**
     * The owners' notice: what the connection trusted before the refresh and what it trusts now, and, when it names
     * another IdP ({@code ended} ≥ 0), that the sessions it had opened were ended.
     */
    static String notice(String connection, String url, JsonObject before, JsonObject after, int ended) {
        return "The daily refresh of your SAML connection \"" + connection + "\" read new metadata from " + url
                + " and it changed what the connection trusts for sign-in.\n\n"
                + "Before:\n" + trust(before) + "\nNow:\n" + trust(after) + "\n"
                + (ended < 0 ? "" : "Since it names another identity provider, the sessions the connection had opened ("
                        + ended + ") were ended and its sign-ins under way refused: its members sign in again.\n\n")
                + "If your identity provider did not announce this change, whoever controls that URL may be able to sign"
                + " in to your workspace: check the connection in the console, and remove its metadata URL or the"
                + " connection. The change is in your audit log (saml_connection.metadata_refreshed).\n";
    }

    private static JsonObject object(String json) {
        try (JsonReader reader = JsonP.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String trust(JsonObject trusted) {
        StringBuilder text = new StringBuilder()
                .append("  IdP entity id: ").append(trusted.getString("idp_entity_id", "")).append('\n')
                .append("  sign-in URL: ").append(trusted.getString("idp_sso_url", "")).append('\n');
        JsonArray certificates = trusted.getJsonArray("certificates");
        if (certificates == null || certificates.isEmpty()) {
            text.append("  signing certificates: none\n");
        }
        for (int i = 0; certificates != null && i < certificates.size(); i++) {
            text.append("  signing certificate SHA-256: ").append(certificates.getString(i)).append('\n');
        }
        return text.toString();
    }

    private static String trusted(Connection tx, UUID connection) throws SQLException {
        try (PreparedStatement query = tx.prepareStatement(TRUSTED)) {
            query.setObject(1, connection);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static String claim(Connection tx, UUID connection, Timestamp before) throws SQLException {
        try (PreparedStatement claim = tx.prepareStatement(CLAIM)) {
            claim.setObject(1, connection);
            claim.setTimestamp(2, before);
            try (ResultSet row = claim.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static void trust(Connection tx, UUID connection, X509Certificate certificate) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(TRUST)) {
            byte[] der = certificate.getEncoded();
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, connection);
            insert.setBytes(3, der);
            insert.setString(4, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
            insert.setString(5, certificate.getSubjectX500Principal().getName());
            insert.setTimestamp(6, Timestamp.from(certificate.getNotAfter().toInstant()));
            insert.executeUpdate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("A parsed certificate cannot be encoded or hashed", e);
        }
    }

    private static int update(Connection tx, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }
}
