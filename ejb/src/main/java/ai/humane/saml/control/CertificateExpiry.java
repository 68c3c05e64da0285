package ai.humane.saml.control;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.OutgoingMail;
import ai.humane.tenancy.control.TenantTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Tells a tenant's owners, 30 days ahead, that an IdP signing certificate of one of its SAML connections expires
 * (S6). The update that marks a certificate announced is the one that queues its e-mails, in one transaction per
 * tenant, so each certificate is announced once however many instances run the job.
 */
public class CertificateExpiry {

    public static final Duration NOTICE = Duration.ofDays(30);

    private static final String MARK = "UPDATE saml_certificates s SET expiry_notified_at = now() "
            + "FROM saml_connections c WHERE c.id = s.connection_id AND s.expiry_notified_at IS NULL AND s.not_after < ? "
            + "RETURNING c.name, s.subject, s.not_after, s.sha256";
    private static final String OWNERS = "SELECT email FROM users WHERE role = 'owner'";

    private final MailQueue outbox;

    public CertificateExpiry(MailQueue outbox) {
        this.outbox = outbox;
    }

    /** Answers how many e-mails were queued. */
    public int notify(Connection db, Instant now) throws SQLException {
        Timestamp horizon = Timestamp.from(now.plus(NOTICE));
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement due = db.prepareStatement("SELECT saml_certificates_expiring(?)")) {
            due.setTimestamp(1, horizon);
            try (ResultSet rows = due.executeQuery()) {
                while (rows.next()) {
                    tenants.add(rows.getObject(1, UUID.class));
                }
            }
        }
        int queued = 0;
        for (UUID tenant : tenants) {
            queued += inTenant(db, tenant, horizon);
        }
        return queued;
    }

    private int inTenant(Connection db, UUID tenant, Timestamp horizon) throws SQLException {
        return TenantTransactions.inTenant(db, tenant, tx -> {
            int queued = 0;
            List<String> owners = owners(tx);
            try (PreparedStatement mark = tx.prepareStatement(MARK)) {
                mark.setTimestamp(1, horizon);
                try (ResultSet expiring = mark.executeQuery()) {
                    while (expiring.next()) {
                        String notice = notice(expiring.getString(1), expiring.getString(2),
                                expiring.getTimestamp(3).toInstant(), expiring.getString(4));
                        for (String owner : owners) {
                            outbox.queue(tx, MailKind.SAML_CERTIFICATE_EXPIRING, new OutgoingMail(owner,
                                    "[Humane] An IdP signing certificate expires soon", notice));
                            queued++;
                        }
                    }
                }
            }
            return queued;
        });
    }

    private static List<String> owners(Connection db) throws SQLException {
        List<String> owners = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(OWNERS); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                owners.add(rows.getString(1));
            }
        }
        return owners;
    }

    static String notice(String connection, String subject, Instant notAfter, String sha256) {
        return "A signing certificate of your SAML connection \"" + connection + "\" expires on " + notAfter + ".\n\n"
                + "Certificate: " + subject + "\nSHA-256: " + sha256 + "\n\n"
                + "Ask your identity provider for its new certificate and update the connection's metadata before then;"
                + " sign-ins through this connection fail once the certificate has expired.\n";
    }
}
