package ai.humane.experiments.boundary;

import ai.humane.engines.entity.Engine;
import ai.humane.experiments.control.Assignment;
import ai.humane.experiments.control.ExperimentResults;
import ai.humane.experiments.control.Results;
import ai.humane.experiments.entity.Experiment;
import ai.humane.json.control.JsonP;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A/B experiments over a tenant's engines; every variant must name an engine of the same tenant, when it is
 * given and again when the experiment starts running (an engine a draft names cannot be deleted, see
 * Engines#delete, but one deleted before that rule is caught here). States go draft → running → stopped,
 * never back; variants change only in draft, so an end user's variant, a hash of experiment and end user,
 * stays the same for the whole run.
 * <p>
 * A change locks the experiment's row (FOR UPDATE) before it reads the state it checks, so two PATCHes are
 * decided one after the other on what the first one left; a message locks it shared (FOR SHARE) while it is
 * assigned, so a stop waits for the messages being assigned and a message waits for a stop being decided,
 * while messages do not wait for one another. The engines a change names are locked shared too, so an
 * engine cannot be deleted between the check and the commit.
 */
@Stateless
@Interceptors(TenantScope.class)
public class Experiments {

    private static final Map<String, Set<String>> NEXT = Map.of("draft", Set.of("draft", "running"),
            "running", Set.of("running", "stopped"), "stopped", Set.of("stopped"));

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "experiments.min.sample", defaultValue = "30")
    int minSample;

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
        Experiment experiment = em.find(Experiment.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (experiment == null) {
            throw new NotFound("Experiment " + id);
        }
        if (name != null) {
            experiment.rename(name);
        }
        if (variants != null) {
            if (!"draft".equals(experiment.status())) {
                throw new Conflict("Variants change only while the experiment is a draft");
            }
            requireEngines(engineIds);
            experiment.redefine(variants);
        }
        if (status != null) {
            if (!NEXT.get(experiment.status()).contains(status)) {
                throw new Conflict("An experiment goes from draft to running to stopped, never back");
            }
            if ("running".equals(status) && "draft".equals(experiment.status())) {
                requireEnginesToRun(experiment);
            }
            experiment.moveTo(status);
        }
        em.flush();
        return experiment;
    }

    /** The variant of a running experiment that an end user's messages go through. */
    public Assignment.Variant assign(UUID experimentId, UUID endUserId) {
        boolean exists = !em.createNativeQuery("SELECT id FROM experiments WHERE id = ?1 FOR SHARE")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, experimentId).getResultList().isEmpty();
        Experiment experiment = exists ? em.find(Experiment.class, experimentId) : null;
        if (experiment == null) {
            throw new InvalidField("experiment_id", "is not an experiment of this tenant");
        }
        if (!"running".equals(experiment.status())) {
            throw new Conflict("The experiment is " + experiment.status() + ", not running");
        }
        Assignment.Variant variant = Assignment.of(experimentId, endUserId, variants(experiment));
        if (em.find(Engine.class, variant.engineId()) == null) {
            throw new Conflict("The engine of variant " + variant.name() + " was deleted");
        }
        return variant;
    }

    public Results results(UUID id) {
        Experiment experiment = find(id);
        try {
            return new ExperimentResults(minSample).of(em.unwrap(Connection.class), id, experiment.status(),
                    variants(experiment));
        } catch (SQLException e) {
            throw new IllegalStateException("The results of experiment " + id + " could not be read", e);
        }
    }

    static List<Assignment.Variant> variants(Experiment experiment) {
        try (var reader = JsonP.createReader(new StringReader(experiment.variants()))) {
            return reader.readArray().stream().map(v -> (JsonObject) v).map(v -> new Assignment.Variant(
                    v.getString("name"), UUID.fromString(v.getString("engine_id")), v.getInt("weight"))).toList();
        }
    }

    private void requireEngines(Collection<UUID> engineIds) {
        for (UUID engineId : engineIds) {
            if (!lockEngine(engineId)) {
                throw new InvalidField("variants", "engine " + engineId + " is not an engine of this tenant");
            }
        }
    }

    /** A draft whose engine was deleted would send its end users' messages nowhere once it runs. */
    private void requireEnginesToRun(Experiment experiment) {
        for (Assignment.Variant variant : variants(experiment)) {
            if (!lockEngine(variant.engineId())) {
                throw new Conflict("The engine of variant " + variant.name() + " was deleted; change the variants "
                        + "while the experiment is a draft");
            }
        }
    }

    /** Whether the engine is one of this tenant's, locked shared until the commit so that it stays one. */
    private boolean lockEngine(UUID engineId) {
        return !em.createNativeQuery("SELECT id FROM engines WHERE id = ?1 FOR SHARE")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, engineId).getResultList().isEmpty();
    }
}
