package ai.humane.sso.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.json.control.JsonP;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.sso.entity.OidcConnection;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import ai.humane.webhooks.control.Receivers;
import ai.humane.sessions.boundary.Sessions;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's own OIDC connections (S5): the issuer must pass the SSRF guard (N1; https in production), the client
 * secret is sealed with the Fernet ring before it is stored (K3) and never answered, no connection provisions
 * owners, and every change is audited with what changed, never the secret (L1).
 */
@Stateless
@Interceptors(TenantScope.class)
public class OidcConnections {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    FieldEncryption secrets;

    @Inject
    Receivers receivers;

    @Inject
    AuditTrail audit;

    @Inject
    Sessions sessions;

    public OidcConnection create(String name, String issuer, String clientId, String clientSecret, String defaultRole) {
        check(issuer);
        OidcConnection connection = new OidcConnection(name, issuer, clientId, secrets.seal(clientSecret),
                role(defaultRole == null ? "member" : defaultRole));
        em.persist(connection);
        em.flush();
        audit.record("sso.oidc_connection.created", "oidc_connection", connection.id().toString(), null, view(connection));
        return connection;
    }

    public Listing.Page<OidcConnection> list(int limit, String cursor) {
        return Listing.page(em, OidcConnection.class, null, Map.of(), limit, cursor);
    }

    public OidcConnection find(UUID id) {
        OidcConnection connection = em.find(OidcConnection.class, id);
        if (connection == null) {
            throw new NotFound("OIDC connection " + id);
        }
        return connection;
    }

    public OidcConnection update(UUID id, String name, String issuer, String clientId, String clientSecret, String defaultRole) {
        OidcConnection connection = find(id);
        JsonObject before = view(connection);
        boolean anotherProvider = issuer != null && !issuer.equals(connection.issuer());
        if (issuer != null) {
            check(issuer);
        }
        connection.change(name, issuer, clientId, clientSecret == null ? null : secrets.seal(clientSecret),
                defaultRole == null ? null : role(defaultRole));
        em.flush();
        JsonObject after = JsonP.createObjectBuilder(view(connection)).add("client_secret_changed", clientSecret != null).build();
        audit.record("sso.oidc_connection.updated", "oidc_connection", id.toString(), before, after);
        if (anotherProvider) {
            sessions.endOpenedThrough(id, "oidc_connection", "issuer_changed");
        }
        return connection;
    }

    /** Deleted with what it opened ({@link Sessions#endOpenedThrough}). */
    public void delete(UUID id) {
        OidcConnection connection = find(id);
        audit.record("sso.oidc_connection.deleted", "oidc_connection", id.toString(), view(connection), null);
        em.remove(connection);
        em.flush();
        sessions.endOpenedThrough(id, "oidc_connection", "deleted");
    }

    private void check(String issuer) {
        receivers.check(issuer);
    }

    private static Role role(String value) {
        return Role.of(value).filter(role -> role != Role.OWNER)
                .orElseThrow(() -> new InvalidField("default_role", "must be admin, member or viewer"));
    }

    private static JsonObject view(OidcConnection connection) {
        return JsonP.createObjectBuilder().add("name", connection.name()).add("issuer", connection.issuer())
                .add("client_id", connection.clientId()).add("default_role", connection.defaultRole().value()).build();
    }
}
