package ai.humane.engines.boundary;

import ai.humane.analysis.control.Providers;
import ai.humane.analysis.control.Usage;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.engines.entity.Engine;
import ai.humane.json.control.JsonP;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.Forbidden;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantRowLock;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's engines. An {@code llm} engine needs a provider URL, which must pass the SSRF guard (N1), and may
 * have a provider API key, which is sealed under the Fernet ring before it is stored (K3) and never answered;
 * a {@code lexicon} engine has neither. A tenant has at most {@link EnginesPerTenant} of them (A3).
 */
@Stateless
@Interceptors(TenantScope.class)
public class Engines {

    private static final String NAMED_BY_EXPERIMENTS = """
            SELECT id::text FROM experiments WHERE status IN ('draft', 'running')
            AND variants @> jsonb_build_array(jsonb_build_object('engine_id', CAST(?1 AS text)))
            ORDER BY created_at, id LIMIT 1""";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    Providers providers;

    @Inject
    FieldEncryption secrets;

    @Inject
    SecurityContext security;

    @Inject
    AuditTrail audit;

    @Inject
    EnginesPerTenant enginesPerTenant;

    /**
     * A new engine, unless the tenant has its ceiling of them already (409 {@code conflict}, nothing stored). The
     * engines are counted under the tenant row's lock ({@link TenantRowLock}), so creates at the same moment cannot
     * pass the ceiling together.
     */
    public Engine create(String name, String kind, String config, String providerUrl, String providerApiKey) {
        requireProviderUrlFits(kind, providerUrl, providerApiKey);
        TenantRowLock.take(em, TenantCaller.of(security).tenantId());
        int ceiling = enginesPerTenant.ceiling();
        if (em.createQuery("SELECT COUNT(e) FROM Engine e", Long.class).getSingleResult() >= ceiling) {
            throw new Conflict("A tenant has at most " + ceiling + " engines; delete one first");
        }
        Engine engine = new Engine(name, kind, config, providerUrl);
        if (providerApiKey != null) {
            engine.keepSealedKey(secrets.seal(providerApiKey));
        }
        em.persist(engine);
        em.flush();
        if (providerApiKey != null) {
            providerKeySet(engine, null);
        }
        return engine;
    }

    public Listing.Page<Engine> list(int limit, String cursor) {
        return Listing.page(em, Engine.class, null, Map.of(), limit, cursor);
    }

    public Engine find(UUID id) {
        Engine engine = em.find(Engine.class, id);
        if (engine == null) {
            throw new NotFound("Engine " + id);
        }
        return engine;
    }

    public Engine update(UUID id, String name, String config, String providerUrl, String providerApiKey, Boolean baaCovered) {
        Engine engine = find(id);
        if (name != null) {
            engine.rename(name);
        }
        if (config != null) {
            engine.reconfigure(config);
        }
        if (providerUrl != null || providerApiKey != null) {
            requireProviderUrlFits(engine.kind(), providerUrl == null ? engine.providerUrl() : providerUrl, providerApiKey);
        }
        if (providerUrl != null && providerApiKey == null && engine.hasProviderApiKey()
                && !sameOrigin(engine.providerUrl(), providerUrl)) {
            // The stored key was given for its provider: sent to another origin, whoever may change the URL (a member)
            // would receive it with the next call (K3, N1).
            throw new InvalidField("provider_api_key", "is required with a provider_url of another origin: the stored"
                    + " key is only ever sent to the origin it was given for");
        }
        String urlBefore = engine.providerUrl();
        if (providerUrl != null) {
            engine.pointAt(providerUrl);
        }
        if (providerApiKey != null) {
            engine.keepSealedKey(secrets.seal(providerApiKey));
            providerKeySet(engine, urlBefore);
        }
        if (baaCovered != null && baaCovered != engine.baaCovered()) {
            coverByBaa(engine, baaCovered);
        }
        em.flush();
        return engine;
    }

    /**
     * L1: a provider's API key given to the engine is a credential created: audited with the origin it will be sent
     * to (and the one before), never the key (until 2026-12-07 only its BAA coverage was; a review).
     */
    private void providerKeySet(Engine engine, String urlBefore) {
        audit.record("engine.provider_key_set", "engine", engine.id().toString(),
                urlBefore == null ? null : JsonP.createObjectBuilder().add("provider_url", urlBefore).build(),
                JsonP.createObjectBuilder().add("provider_url", engine.providerUrl()).build());
    }

    /** O6: only an owner or admin may say a provider is covered by a BAA; the change is audited (L1). */
    private void coverByBaa(Engine engine, boolean covered) {
        if (!TenantCaller.of(security).role().atLeast(Role.ADMIN)) {
            throw new Forbidden("Only owners and admins mark an engine as covered by a BAA");
        }
        engine.coverByBaa(covered);
        audit.record("engine.baa_coverage_changed", "engine", engine.id().toString(),
                JsonP.createObjectBuilder().add("baa_covered", !covered).build(),
                JsonP.createObjectBuilder().add("baa_covered", covered).build());
    }

    /**
     * Deletes the engine unless a draft or running experiment names it in a variant (409): a running one would
     * refuse every message of the end users hashed to that variant, and its variants can no longer change.
     * The engine's row is locked first, so an experiment that names it and commits meanwhile (which locks the
     * engine shared, Experiments) is either seen here or finds the engine gone.
     */
    public void delete(UUID id) {
        Engine engine = em.find(Engine.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (engine == null) {
            throw new NotFound("Engine " + id);
        }
        List<?> naming = em.createNativeQuery(NAMED_BY_EXPERIMENTS)
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, id.toString()).getResultList();
        if (!naming.isEmpty()) {
            throw new Conflict("Experiment " + naming.get(0) + " names this engine in a variant; stop the experiment, "
                    + "or change its variants while it is a draft, first");
        }
        em.remove(engine);
    }

    /** The engine's LLM usage of the last {@code days} days (none for a lexicon engine). */
    public List<Usage.Day> usage(UUID id, int days) {
        find(id);
        try {
            return new Usage().of(em.unwrap(Connection.class), id, days);
        } catch (SQLException e) {
            throw new IllegalStateException("The usage of engine " + id + " could not be read", e);
        }
    }

    /** Same scheme and server (host and effective port), as the SSRF guard reads them. */
    static boolean sameOrigin(String stored, String asked) {
        return stored != null && PublicUrlGuard.origin(stored).equals(PublicUrlGuard.origin(asked));
    }

    private void requireProviderUrlFits(String kind, String providerUrl, String providerApiKey) {
        if ("llm".equals(kind) && providerUrl == null) {
            throw new InvalidField("provider_url", "is required for an llm engine");
        }
        if ("lexicon".equals(kind) && providerUrl != null) {
            throw new InvalidField("provider_url", "is only for llm engines");
        }
        if ("lexicon".equals(kind) && providerApiKey != null) {
            throw new InvalidField("provider_api_key", "is only for llm engines");
        }
        if (providerUrl != null) {
            providers.check(providerUrl);
        }
    }
}
