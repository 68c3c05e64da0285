package ai.humane.endusers.boundary;

import ai.humane.analysis.control.Profile;
import ai.humane.analysis.control.Profiles;
import ai.humane.audit.control.AuditTrail;
import ai.humane.audit.control.EndUserDataReads;
import ai.humane.endusers.entity.EndUser;
import ai.humane.json.control.JsonP;
import ai.humane.paging.control.Listing;
import ai.humane.privacy.control.Erasure;
import ai.humane.privacy.control.PrivacyWork;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.WebhookEvents;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** A tenant's end users; the external id is unique within the tenant. */
@Stateless
@Interceptors(TenantScope.class)
public class EndUsers {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    WebhookEvents events;

    @Inject
    EndUserDataReads reads;

    @Inject
    AuditTrail audit;

    public EndUser create(String externalId, String traits) {
        requireAcceptable(externalId);
        requireUnused(externalId);
        EndUser endUser = new EndUser(externalId, traits);
        em.persist(endUser);
        em.flush();
        events.emit("end_user.created", JsonP.createObjectBuilder()
                .add("id", endUser.id().toString())
                .add("external_id", endUser.externalId())
                .add("created_at", endUser.createdAt().toInstant().toString()).build());
        return endUser;
    }

    public Listing.Page<EndUser> list(int limit, String cursor) {
        Listing.Page<EndUser> page = Listing.page(em, EndUser.class, null, Map.of(), limit, cursor);
        reads.read("end_users", null, page.items().size());
        return page;
    }

    /** One end user, read by the caller (audited under a BAA, O6). */
    public EndUser get(UUID id) {
        EndUser endUser = find(id);
        reads.read("end_user", id.toString(), 1);
        return endUser;
    }

    public EndUser find(UUID id) {
        EndUser endUser = em.find(EndUser.class, id);
        if (endUser == null) {
            throw new NotFound("End user " + id);
        }
        return endUser;
    }

    /**
     * Changes the end user; the answer carries them whole, so it is recorded as a read of them as well (O6), as a
     * GET is: a PATCH that changes nothing read them unrecorded.
     */
    public EndUser update(UUID id, String externalId, String traits) {
        EndUser endUser = find(id);
        if (externalId != null && !externalId.equals(endUser.externalId())) {
            requireAcceptable(externalId);
            requireUnused(externalId);
            endUser.reidentify(externalId);
        }
        if (traits != null) {
            endUser.describe(traits);
        }
        em.flush();
        reads.read("end_user", id.toString(), 1);
        return endUser;
    }

    /** The end user's rolling profile, current as of the last committed message or analysis. */
    public Profile profile(UUID id) {
        find(id);
        reads.read("profile", id.toString(), 1);
        try {
            return new Profiles().of(em.unwrap(Connection.class), id);
        } catch (SQLException e) {
            throw new IllegalStateException("The profile of end user " + id + " could not be read", e);
        }
    }

    /**
     * Deletes the end user as an erasure does (L3), in this transaction: their messages, analyses and profile days go
     * with them, and what else names them (event payloads, delivery excerpts, stored answers, archives) is redacted or
     * withdrawn. Deleting only the row left all of that behind, and an erasure asked afterwards found no end user to
     * name it by. It takes the tenant's turn as a privacy job does (an export running beside it would still read the
     * end user and commit an archive after the withdrawal), waiting a few seconds at most; and it is audited
     * {@code end_user.deleted} with the counts an erasure job records, by the caller, without the end user's id, which
     * the erasure forgets.
     */
    public void delete(UUID id) {
        em.detach(find(id));
        JsonObject erased;
        try {
            Connection tx = em.unwrap(Connection.class);
            PrivacyWork.takeTurnInRequest(tx);
            erased = Erasure.erase(tx, id);
        } catch (SQLException e) {
            throw new IllegalStateException("End user " + id + " could not be deleted", e);
        }
        audit.record("end_user.deleted", "end_user", null, null, JsonP.createObjectBuilder().add("records", erased).build());
    }

    /** A new external id: asked of an id when it is given to an end user, never of one stored before the rule. */
    private static void requireAcceptable(String externalId) {
        if (!EndUser.acceptable(externalId)) {
            throw new InvalidField("external_id", EndUser.EXTERNAL_ID_RULE);
        }
    }

    private void requireUnused(String externalId) {
        boolean taken = !em.createNamedQuery(EndUser.BY_EXTERNAL_ID, EndUser.class)
                .setParameter("externalId", externalId)
                .setMaxResults(1)
                .getResultList().isEmpty();
        if (taken) {
            throw new Conflict("An end user with this external_id exists");
        }
    }
}
