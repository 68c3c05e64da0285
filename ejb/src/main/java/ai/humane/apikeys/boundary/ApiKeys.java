package ai.humane.apikeys.boundary;

import ai.humane.apikeys.entity.ApiKey;
import ai.humane.apikeys.entity.ApiKeySecret;
import ai.humane.audit.control.AuditTrail;
import ai.humane.billing.control.BaaSafeguards;
import ai.humane.json.control.JsonP;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.NotFound;
import ai.humane.sessions.control.SessionPolicy;
import ai.humane.teams.entity.Invitation;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Scope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Issues, lists and revokes a tenant's API keys (K1). A key never outranks the caller who issued it.
 * Creation and revocation are audited (L1) in the same transaction, with the key's prefix and never
 * the key or its hash.
 */
@Stateless
@Interceptors(TenantScope.class)
public class ApiKeys {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    AuditTrail audit;

    public IssuedKey issue(String name, Scope scope) {
        TenantCaller caller = TenantCaller.of(security);
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey maker = caller.kind() == TenantCaller.Kind.USER ? null : em.find(ApiKey.class, caller.actorId());
        UUID issuer = caller.kind() == TenantCaller.Kind.USER ? caller.actorId() : memberBehind(maker);
        ApiKey key = new ApiKey(name, secret, caller.role(), scope, issuer);
        if (BaaSafeguards.standing(em, caller.tenantId())) {
            key.expireAt(OffsetDateTime.now(ZoneOffset.UTC).plus(SessionPolicy.BAA_API_KEY_LIFETIME));
        }
        // A key a key makes ends no later than its maker: a key expiring under a BAA made its successor, 90 days more
        // each time, for ever (a review, 2026-12-07).
        if (maker != null && maker.expiresAt() != null
                && (key.expiresAt() == null || maker.expiresAt().isBefore(key.expiresAt()))) {
            key.expireAt(maker.expiresAt());
        }
        em.persist(key);
        em.flush();
        audit.record("api_key.created", "api_key", key.id().toString(), null, audited(key));
        return new IssuedKey(key, secret);
    }

    /**
     * The member a key answers to, when a key makes a key: the one who made that key (none for a key made with none). The
     * new key is held to that member's standing as its maker is, so demoting or removing them reaches both; answering
     * to nobody, it kept the maker's role after the member lost theirs (T2).
     */
    private static UUID memberBehind(ApiKey maker) {
        return maker == null ? null : maker.createdBy();
    }

    public Listing.Page<ApiKey> list(int limit, String cursor) {
        return Listing.page(em, ApiKey.class, null, Map.of(), limit, cursor);
    }

    public ApiKey revoke(UUID id) {
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null) {
            throw new NotFound("API key " + id);
        }
        if (key.revokedAt() == null) {
            JsonObject before = audited(key);
            key.revoke();
            withdrawInvitationsOf(key);
            audit.record("api_key.revoked", "api_key", id.toString(), before, audited(key));
        }
        return key;
    }

    /**
     * The invitations the key sent that are still open are withdrawn with it (T2), as a removed member's are: expiry
     * brought to now, the rows kept, no event of their own (the revocation is the event). Acceptance asks the key's
     * standing as well, so one accepted while this commits was accepted before the revocation.
     */
    private void withdrawInvitationsOf(ApiKey key) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.createNamedQuery(Invitation.PENDING_FROM_KEY, Invitation.class).setParameter("key", key.id())
                .setParameter("now", now).getResultList().forEach(invitation -> invitation.withdraw(now));
    }

    private static JsonObject audited(ApiKey key) {
        var audited = JsonP.createObjectBuilder()
                .add("name", key.name())
                .add("prefix", key.prefix())
                .add("role", key.role().value())
                .add("scopes", key.scope().column())
                .add("revoked_at", key.revokedAt() == null ? JsonValue.NULL
                        : JsonP.createValue(key.revokedAt().toInstant().toString()));
        if (key.expiresAt() != null) {
            audited.add("expires_at", key.expiresAt().toInstant().toString()); // under a BAA (O6) only
        }
        return audited.build();
    }

    /** A key just issued: the only moment its clear text exists. */
    public record IssuedKey(ApiKey key, ApiKeySecret secret) {
    }
}
