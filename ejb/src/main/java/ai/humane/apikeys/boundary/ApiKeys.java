package ai.humane.apikeys.boundary;

import ai.humane.apikeys.entity.ApiKey;
import ai.humane.apikeys.entity.ApiKeySecret;
import ai.humane.apikeys.entity.Scope;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.Listing;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.util.Map;
import java.util.UUID;

/** Issues, lists and revokes a tenant's API keys (K1). A key never outranks the caller who issued it. */
@Stateless
@Interceptors(TenantScope.class)
public class ApiKeys {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    public IssuedKey issue(String name, Scope scope) {
        TenantCaller caller = TenantCaller.of(security);
        ApiKeySecret secret = ApiKeySecret.generate();
        UUID issuer = caller.kind() == TenantCaller.Kind.USER ? caller.actorId() : null;
        ApiKey key = new ApiKey(name, secret, caller.role(), scope, issuer);
        em.persist(key);
        em.flush();
        return new IssuedKey(key, secret);
    }

    public Listing.Page<ApiKey> list(int limit, String cursor) {
        return Listing.page(em, ApiKey.class, null, Map.of(), limit, cursor);
    }

    public ApiKey revoke(UUID id) {
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null) {
            throw new NotFound("API key " + id);
        }
        key.revoke();
        return key;
    }

    /** A key just issued: the only moment its clear text exists. */
    public record IssuedKey(ApiKey key, ApiKeySecret secret) {
    }
}
