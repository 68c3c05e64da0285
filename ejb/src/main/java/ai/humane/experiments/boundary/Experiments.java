package ai.humane.experiments.boundary;

import ai.humane.engines.entity.Engine;
import ai.humane.experiments.entity.Experiment;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** A/B experiments over a tenant's engines; every variant must name an engine of the same tenant. */
@Stateless
@Interceptors(TenantScope.class)
public class Experiments {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    public Experiment create(String name, String variants, Collection<UUID> engineIds) {
        requireEngines(engineIds);
        Experiment experiment = new Experiment(name, variants);
        em.persist(experiment);
        em.flush();
        return experiment;
    }

    public Listing.Page<Experiment> list(int limit, String cursor) {
        return Listing.page(em, Experiment.class, null, Map.of(), limit, cursor);
    }

    public Experiment find(UUID id) {
        Experiment experiment = em.find(Experiment.class, id);
        if (experiment == null) {
            throw new NotFound("Experiment " + id);
        }
        return experiment;
    }

    public Experiment update(UUID id, String name, String status, String variants, Collection<UUID> engineIds) {
        Experiment experiment = find(id);
        if (name != null) {
            experiment.rename(name);
        }
        if (status != null) {
            experiment.moveTo(status);
        }
        if (variants != null) {
            requireEngines(engineIds);
            experiment.redefine(variants);
        }
        em.flush();
        return experiment;
    }

    private void requireEngines(Collection<UUID> engineIds) {
        for (UUID engineId : engineIds) {
            if (em.find(Engine.class, engineId) == null) {
                throw new InvalidField("variants", "engine " + engineId + " is not an engine of this tenant");
            }
        }
    }
}
