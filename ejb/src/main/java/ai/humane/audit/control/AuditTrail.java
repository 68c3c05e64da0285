package ai.humane.audit.control;

import ai.humane.edge.control.RequestOrigin;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Records an audit event (L1) in the caller's transaction, so the event and the change it describes
 * commit or roll back together; without a transaction it refuses. The transaction must be in the
 * tenant's scope already ({@code TenantScope} on the boundary, or {@code TenantScope.enter} in flows
 * without an authenticated caller): the event goes to that tenant's chain. The client address is the
 * current request's, when there is one.
 * <p>
 * {@code before} and {@code after} describe the resource, not the request: pass the fields worth
 * auditing. Keys named like a credential (password, secret, token, hash, api_key, key) are stripped at
 * any depth before the event is hashed and stored.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditTrail {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    RequestOrigin origin;

    private final AuditChain chain = new AuditChain();

    /** Records an action of the authenticated caller (a user or an API key). */
    public void record(String action, String resourceType, String resourceId, JsonObject before, JsonObject after) {
        record(AuditActor.of(TenantCaller.of(security)), action, resourceType, resourceId, before, after);
    }

    /** Records an action of a named actor: sign-up before anyone is signed in, a timer, the system. */
    public void record(AuditActor actor, String action, String resourceType, String resourceId, JsonObject before,
                       JsonObject after) {
        AuditEntry entry = new AuditEntry(actor, action, resourceType, resourceId, text(before), text(after), clientIp());
        try {
            chain.append(em.unwrap(Connection.class), entry);
        } catch (SQLException e) {
            throw new IllegalStateException("The audit event " + action + " could not be recorded", e);
        }
    }

    private String clientIp() {
        try {
            return origin.ip();
        } catch (ContextNotActiveException e) {
            return null; // no request: a timer or a startup task
        }
    }

    private static String text(JsonObject document) {
        return document == null ? null : document.toString();
    }
}
