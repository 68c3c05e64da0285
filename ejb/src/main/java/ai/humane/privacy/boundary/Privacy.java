package ai.humane.privacy.boundary;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.Outbox;
import ai.humane.mail.control.SendThrottle;
import ai.humane.optouts.boundary.EmailLinks;
import ai.humane.paging.control.Listing;
import ai.humane.privacy.control.AccountDeletion;
import ai.humane.privacy.control.DownloadLinks;
import ai.humane.privacy.control.PrivacyJob;
import ai.humane.privacy.control.PrivacyJobs;
import ai.humane.privacy.control.TenantData;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantRowLock;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks for exports and erasures (L3) and reads their state, in the caller's tenant; the privacy worker does
 * the work. An erasure is found again by a keyed digest of its end user, so asking twice answers the same
 * job, also after the end user is gone. Account deletion: asked for by an owner, cancellable until it is due.
 */
@Stateless
@Interceptors(TenantScope.class)
public class Privacy {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    AuditTrail audit;

    @Inject
    EmailLinks links;

    @Inject
    Outbox outbox;

    @Inject
    SendThrottle throttle;

    @Inject
    @ConfigProperty(name = "privacy.account.grace.days", defaultValue = "30")
    int graceDays;

    @Inject
    @ConfigProperty(name = "privacy.exports.per-tenant", defaultValue = "10")
    int exportsPerTenant;

    /** A job and whether this request made it. */
    public record Requested(PrivacyJob job, boolean created) {
    }

    /**
     * Queues an export; refused (409) while {@code privacy.exports.per-tenant} of the tenant's are waiting, running or
     * downloadable: each is a sealed copy of the data at rest for a day, and an admin or a leaked admin key asking in a
     * loop would otherwise fill the database with them (a review, 2026-12-07).
     */
    public Requested requestExport(UUID endUser) {
        return sql(db -> {
            if (endUser != null) {
                requireEndUser(db, endUser);
            }
            TenantRowLock.take(em, tenant());
            if (PrivacyJobs.liveExports(db) >= exportsPerTenant) {
                throw new Conflict("At most " + exportsPerTenant + " exports are waiting or downloadable at once: download"
                        + " one, or wait until one expires");
            }
            UUID id = PrivacyJobs.insertExport(db, endUser, requester());
            return new Requested(PrivacyJobs.find(db, "export", id).orElseThrow(), true);
        });
    }

    public Requested requestErasure(UUID endUser) {
        return sql(db -> {
            List<byte[]> digests = subjectDigests(endUser);
            Optional<UUID> earlier = Optional.empty();
            for (int i = 0; i < digests.size() && earlier.isEmpty(); i++) {
                earlier = PrivacyJobs.erasureOf(db, digests.get(i));
            }
            if (earlier.isEmpty()) {
                requireEndUser(db, endUser);
            }
            // A given-up erasure (its tries all failed, so the end user is all there) starts afresh when asked again:
            // answered as the first job, the end user would stay for good.
            boolean again = earlier.isPresent() && endUserExists(db, endUser)
                    && PrivacyJobs.reopenFailedErasure(db, earlier.get(), endUser, requester());
            UUID id = earlier.isPresent() ? earlier.get() : PrivacyJobs.insertErasure(db, endUser, digests.get(0), requester());
            return new Requested(PrivacyJobs.find(db, "erasure", id).orElseThrow(), earlier.isEmpty() || again);
        });
    }

    public PrivacyJob find(String kind, UUID id) {
        return sql(db -> PrivacyJobs.find(db, kind, id)).orElseThrow(() -> new NotFound("The " + kind + " " + id));
    }

    /** The tenant's exports or erasures ({@code kind}), newest first. */
    public Listing.Page<PrivacyJob> list(String kind, int limit, String cursor) {
        return sql(db -> PrivacyJobs.list(db, kind, limit, cursor));
    }

    /** A fresh link to a downloadable archive, or none. */
    public Optional<DownloadLinks.Link> link(PrivacyJob job) {
        return job.downloadable() ? Optional.of(new DownloadLinks(links.keys(), Clock.systemUTC())
                .issue(tenant(), job.id(), AuditActor.of(TenantCaller.of(security))))
                : Optional.empty();
    }

    public Optional<Instant> accountDeletion() {
        return sql(AccountDeletion::pending);
    }

    public Instant requestAccountDeletion() {
        return sql(db -> {
            Instant due = Instant.now().plus(Duration.ofDays(graceDays));
            if (AccountDeletion.request(db, TenantCaller.of(security).actorId(), due)) {
                audit.record("account.deletion_requested", "tenant", tenant().toString(), null,
                        JsonP.createObjectBuilder().add("purge_after", due.toString()).build());
                AccountDeletion.tellOwners(db, outbox.queue(), "[Humane] your account is to be deleted",
                        "An owner asked for the account to be deleted. It and all its data will be deleted after "
                                + due + ". Until then an owner can cancel this in the console or with"
                                + " DELETE /api/v1/privacy/account-deletion.", this::noticeAllowed);
            }
            return AccountDeletion.pending(db).orElseThrow();
        });
    }

    public void cancelAccountDeletion() {
        sql(db -> {
            if (!AccountDeletion.cancel(db)) {
                throw new NotFound("A pending account deletion");
            }
            audit.record("account.deletion_cancelled", "tenant", tenant().toString(), null, null);
            return AccountDeletion.tellOwners(db, outbox.queue(), "[Humane] the deletion of your account was cancelled",
                    "An owner cancelled the deletion of the account. Nothing was deleted.", this::noticeAllowed);
        });
    }

    /** A notice an owner's request prompts spends that owner's notice budget (A3); the timer's are not counted. */
    private boolean noticeAllowed(String owner) {
        return throttle.notice(MailKind.ACCOUNT_DELETION, tenant(), owner).allowed();
    }

    /** The digest under every key of HMAC_KEY, the current first: an erasure made before a rotation is found too. */
    private List<byte[]> subjectDigests(UUID endUser) {
        ByteBuffer subject = ByteBuffer.allocate(32).putLong(tenant().getMostSignificantBits())
                .putLong(tenant().getLeastSignificantBits()).putLong(endUser.getMostSignificantBits())
                .putLong(endUser.getLeastSignificantBits());
        return links.keys().derive("l3/erasure-subject").signEach(subject.array());
    }

    private static boolean endUserExists(Connection db, UUID endUser) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(TenantData.SUBJECT)) {
            query.setObject(1, endUser);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void requireEndUser(Connection db, UUID endUser) throws SQLException {
        if (!endUserExists(db, endUser)) {
            throw new NotFound("End user " + endUser);
        }
    }

    private String requester() {
        return AuditActor.of(TenantCaller.of(security)).toString();
    }

    private UUID tenant() {
        return TenantCaller.of(security).tenantId();
    }

    private <T> T sql(SqlWork<T> work) {
        try {
            return work.apply(em.unwrap(Connection.class));
        } catch (SQLException e) {
            throw new IllegalStateException("The privacy request could not be stored", e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection db) throws SQLException;
    }
}
