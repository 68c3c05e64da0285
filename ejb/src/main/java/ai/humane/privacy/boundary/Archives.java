package ai.humane.privacy.boundary;

import ai.humane.audit.control.AuditActor;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.optouts.boundary.EmailLinks;
import ai.humane.privacy.control.ArchiveCipher;
import ai.humane.privacy.control.ArchiveParts;
import ai.humane.privacy.control.DownloadLinks;
import ai.humane.privacy.control.ExportDownloads;
import ai.humane.privacy.control.PrivacyJob;
import ai.humane.privacy.control.PrivacyJobs;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Serves export archives (L3) by their signed links: the link names the tenant, whose walls are raised for the
 * read (row-level security); the archive is opened part by part and streamed, never whole in memory, and stays
 * sealed at rest. Also hands the worker the cipher, whose keys derive from FERNET_KEYS (K3).
 */
@ApplicationScoped
public class Archives {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    FieldEncryption encryption;

    @Inject
    EmailLinks links;

    @Inject
    RequestOrigin origin;

    public ArchiveCipher cipher() {
        return new ArchiveCipher(encryption.derive(ArchiveCipher.purpose()));
    }

    /**
     * Checks the link and audits the download (who the link was issued to, which job) in the link's tenant; the
     * event commits before the archive is opened, so no archive leaves unaudited.
     *
     * @throws DownloadLinks.LinkRefused when the link is not good, or its archive is gone (expired, withdrawn)
     */
    public DownloadLinks.Target check(String token, UUID job) {
        return checked(token, job, true);
    }

    /**
     * Checks the link as {@link #check} does, auditing nothing: for a HEAD, which sends no archive.
     *
     * @throws DownloadLinks.LinkRefused when the link is not good, or its archive is gone (expired, withdrawn)
     */
    public void look(String token, UUID job) {
        checked(token, job, false);
    }

    private DownloadLinks.Target checked(String token, UUID job, boolean download) {
        DownloadLinks.Target target = new DownloadLinks(links.keys(), Clock.systemUTC()).verify(token, job);
        in(target, db -> {
            Optional<PrivacyJob> found = PrivacyJobs.find(db, "export", job);
            if (found.isEmpty() || PrivacyJobs.archiveKey(db, job).isEmpty() || !mayStillExport(db, target.issuedTo())) {
                throw new DownloadLinks.LinkRefused();
            }
            if (download) {
                ExportDownloads.record(db, target, found.get(), origin.ip());
                db.commit();
            }
        });
        return target;
    }

    /**
     * Whether the link's holder may still export (L3: admin or owner): a member still of that role, or a key still
     * good that answers for one. A link dies with the standing it was issued on, as the holder's sessions and keys do
     * (S4): a member removed or demoted within the link's 15 minutes could download the whole tenant's archive.
     */
    private static boolean mayStillExport(Connection db, AuditActor holder) throws SQLException {
        String standing = AuditActor.USER.equals(holder.type()) ? "SELECT role FROM users WHERE id = ?"
                : "SELECT role FROM api_key_standing(?)";
        try (PreparedStatement query = db.prepareStatement(standing)) {
            query.setObject(1, holder.id());
            try (ResultSet row = query.executeQuery()) {
                return row.next() && Role.of(row.getString(1)).map(role -> role.atLeast(Role.ADMIN)).orElse(false);
            }
        }
    }

    /** Writes the opened archive to {@code out}, in one read-only transaction of the link's tenant. */
    public void write(DownloadLinks.Target target, OutputStream out) throws IOException {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                db.setReadOnly(true);
                TenantScope.enter(db, target.tenant());
                byte[] keyId = PrivacyJobs.archiveKey(db, target.job()).orElseThrow(() -> new IOException("the archive is gone"));
                try (InputStream archive = cipher().opening(ArchiveParts.reader(db, target.job()), target.tenant(),
                        target.job(), keyId)) {
                    archive.transferTo(out);
                }
            } finally {
                db.rollback();
                db.setReadOnly(false);
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("the archive could not be read", e);
        }
    }

    /** Runs {@code work} in one transaction of the link's tenant, rolled back unless the work commits it. */
    private void in(DownloadLinks.Target target, Work work) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                TenantScope.enter(db, target.tenant());
                work.apply(db);
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The archive could not be looked up", e);
        }
    }

    @FunctionalInterface
    private interface Work {
        void apply(Connection db) throws SQLException;
    }
}
