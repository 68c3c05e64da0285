package ai.humane.engines.boundary;

import ai.humane.engines.entity.Engine;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.UUID;

/** A tenant's engines. An {@code llm} engine needs a provider URL; a {@code lexicon} engine has none. */
@Stateless
@Interceptors(TenantScope.class)
public class Engines {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    public Engine create(String name, String kind, String config, String providerUrl) {
        requireProviderUrlFits(kind, providerUrl);
        Engine engine = new Engine(name, kind, config, providerUrl);
        em.persist(engine);
        em.flush();
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

    public Engine update(UUID id, String name, String config, String providerUrl) {
        Engine engine = find(id);
        if (name != null) {
            engine.rename(name);
        }
        if (config != null) {
            engine.reconfigure(config);
        }
        if (providerUrl != null) {
            requireProviderUrlFits(engine.kind(), providerUrl);
            engine.pointAt(providerUrl);
        }
        em.flush();
        return engine;
    }

    public void delete(UUID id) {
        em.remove(find(id));
    }

    private static void requireProviderUrlFits(String kind, String providerUrl) {
        if ("llm".equals(kind) && providerUrl == null) {
            throw new InvalidField("provider_url", "is required for an llm engine");
        }
        if ("lexicon".equals(kind) && providerUrl != null) {
            throw new InvalidField("provider_url", "is only for llm engines");
        }
    }
}
