package ai.humane.privacy.control;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditChain;
import ai.humane.audit.control.AuditEntry;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.MailQueue;
import ai.humane.tenancy.control.TenantTransactions;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The privacy worker's steps, each in a transaction of its own in one tenant's scope: expire archives, purge an
 * account past its grace period, claim a job, and run it. A job runs in one transaction that holds its row
 * locked, so its result (archive, deletions, audit event) commits whole or not at all, and an instance that
 * takes over an expired lease waits rather than runs it twice. A tenant's jobs run one after another, on every
 * instance ({@link #ONE_AT_A_TIME}): an export reads the tenant's tables statement by statement and commits its
 * archive at the end, so an erasure running beside it could neither see that archive to withdraw it nor keep the
 * end user out of it, and the archive would serve them for its whole lifetime.
 */
public final class PrivacyWork {

    /** How long an erasure asked in a request ({@code DELETE /end-users/{id}}) waits for a job of its tenant. */
    public static final Duration REQUEST_WAIT = Duration.ofSeconds(5);

    /** Waits, to the end of the transaction, for the tenant's other privacy job running anywhere. */
    static final String ONE_AT_A_TIME =
            "SELECT pg_advisory_xact_lock(hashtextextended('humane.privacy-jobs:' || humane_current_tenant()::text, 0))";

    private final Supplier<ArchiveCipher> cipher;
    private final MailQueue mail;
    private final Duration archiveLifetime;
    private final AuditChain audit = new AuditChain();
    private final Consumer<UUID> endpointDeleted;

    public PrivacyWork(Supplier<ArchiveCipher> cipher, MailQueue mail, Duration archiveLifetime) {
        this(cipher, mail, archiveLifetime, endpoint -> {
        });
    }

    /** {@code endpointDeleted} is told, after an account purge commits, of each webhook endpoint it deleted (W3). */
    public PrivacyWork(Supplier<ArchiveCipher> cipher, MailQueue mail, Duration archiveLifetime,
                       Consumer<UUID> endpointDeleted) {
        this.cipher = cipher;
        this.mail = mail;
        this.archiveLifetime = archiveLifetime;
        this.endpointDeleted = endpointDeleted;
    }

    /** Expires, purges and claims for every tenant with due work; answers the jobs claimed, at most {@code room}. */
    public List<ClaimedJob> claim(Connection db, int room) throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>();
        for (UUID tenant : dueTenants(db)) {
            TenantTransactions.inTenant(db, tenant, PrivacyJobs::expire);
            List<UUID> endpoints = new ArrayList<>();
            if (TenantTransactions.inTenant(db, tenant, tx -> {
                endpoints.clear();
                return AccountDeletion.purgeIfDue(tx, mail, endpoints);
            })) {
                endpoints.forEach(endpointDeleted);
                continue;
            }
            if (claimed.size() < room) {
                TenantTransactions.inTenant(db, tenant, PrivacyJobs::claim).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /** Runs the job; false when its claim was lost meanwhile. On failure it is tried again later, or given up. */
    public boolean run(Connection db, ClaimedJob job) throws SQLException {
        try {
            return TenantTransactions.inTenant(db, job.tenantId(), tx -> PrivacyJobs.hold(tx, job) && perform(tx, job));
        } catch (SQLException | RuntimeException e) {
            TenantTransactions.inTenant(db, job.tenantId(), tx -> {
                PrivacyJobs.fail(tx, job, e.getClass().getSimpleName());
                return null;
            });
            throw e;
        }
    }

    /**
     * The tenant's turn ({@link #ONE_AT_A_TIME}) for an erasure done in a request rather than by a job, held to the end
     * of the transaction: it waits at most {@link #REQUEST_WAIT} for a running export or erasure (which may take
     * minutes), then gives up with {@link PrivacyJobRunning}, whose transaction is then rolled back.
     */
    public static void takeTurnInRequest(Connection tx) throws SQLException {
        String before = lockTimeout(tx, REQUEST_WAIT.toMillis() + "ms");
        try (PreparedStatement wait = tx.prepareStatement(ONE_AT_A_TIME)) {
            wait.execute();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new PrivacyJobRunning();
            }
            throw e;
        }
        lockTimeout(tx, before);
    }

    /** Sets the transaction's {@code lock_timeout}; answers the one it replaced. */
    private static String lockTimeout(Connection tx, String value) throws SQLException {
        String before;
        try (PreparedStatement read = tx.prepareStatement("SELECT current_setting('lock_timeout')");
             ResultSet row = read.executeQuery()) {
            row.next();
            before = row.getString(1);
        }
        try (PreparedStatement set = tx.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            set.setString(1, value);
            set.execute();
        }
        return before;
    }

    private boolean perform(Connection tx, ClaimedJob job) throws SQLException {
        try (PreparedStatement wait = tx.prepareStatement(ONE_AT_A_TIME)) {
            wait.execute();
        }
        if ("erasure".equals(job.kind())) {
            JsonObject counts = job.endUser() == null ? JsonObject.EMPTY_JSON_OBJECT : Erasure.erase(tx, job.endUser());
            PrivacyJobs.succeed(tx, job, counts.toString(), null, null, null);
            audit(tx, job, "data.erased", JsonP.createObjectBuilder().add("scope", "end_user").add("records", counts).build());
            return true;
        }
        ArchiveCipher sealer = cipher.get();
        PrivacyJobs.update(tx, "DELETE FROM privacy_archive_parts WHERE job_id = ?", job.id());
        ArchiveParts.Writer parts = ArchiveParts.writer(tx, job.id());
        JsonObject written;
        try (OutputStream sealed = sealer.sealing(parts, job.tenantId(), job.id())) {
            written = ExportArchive.write(tx, sealed, job.id(), job.endUser());
        } catch (IOException e) {
            throw new IllegalStateException("the archive could not be written", e);
        }
        JsonObject counts = written.getJsonObject("counts");
        PrivacyJobs.succeed(tx, job, counts.toString(), parts.written(), sealer.keyId(), Instant.now().plus(archiveLifetime));
        audit(tx, job, "data.exported", JsonP.createObjectBuilder().add("scope", job.endUser() == null ? "account" : "end_user")
                .add("records", counts).add("archive_bytes", parts.written()).build());
        return true;
    }

    /** Ids and numbers only: the audit log outlives an erasure, so it must never name the end user. */
    private void audit(Connection tx, ClaimedJob job, String action, JsonObject after) throws SQLException {
        audit.append(tx, new AuditEntry(actor(job.requestedBy()), action, "privacy_job", job.id().toString(), null,
                after.toString(), null));
    }

    private static AuditActor actor(String requestedBy) {
        try {
            return AuditActor.parse(requestedBy);
        } catch (RuntimeException e) {
            return AuditActor.system();
        }
    }

    private static List<UUID> dueTenants(Connection db) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT privacy_tenants_with_due_work()");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                tenants.add(row.getObject(1, UUID.class));
            }
        }
        return tenants;
    }
}
