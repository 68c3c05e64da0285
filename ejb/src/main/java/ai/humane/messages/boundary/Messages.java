package ai.humane.messages.boundary;

import ai.humane.analysis.control.AnalysisRecords;
import ai.humane.analysis.control.AnalysisRows;
import ai.humane.analysis.control.Lexicon;
import ai.humane.analysis.control.MessageRef;
import ai.humane.analysis.control.StoredAnalysis;
import ai.humane.audit.control.EndUserDataReads;
import ai.humane.endusers.entity.EndUser;
import ai.humane.engines.entity.Engine;
import ai.humane.experiments.boundary.Experiments;
import ai.humane.experiments.control.Assignment;
import ai.humane.json.control.JsonP;
import ai.humane.messages.entity.ConversationMessage;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.WebhookEvents;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores the messages of an end user's conversation and analyses them: a lexicon engine's analysis is written
 * in the message's own transaction (so it is in the 201), an LLM engine's is queued for the dispatcher. A
 * message may name a running experiment instead of an engine; the end user's variant then picks the engine.
 */
@Stateless
@Interceptors(TenantScope.class)
public class Messages {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    WebhookEvents events;

    @Inject
    Experiments experiments;

    @Inject
    EndUserDataReads reads;

    /** {@code off} stores messages without analysis, for bench/analysis only; production refuses to start with it. */
    @Inject
    @ConfigProperty(name = "analysis", defaultValue = "on")
    String analysis;

    private final AnalysisRecords records = new AnalysisRecords();

    /** A message with its analysis (null only when analysis is switched off). */
    public record Posted(ConversationMessage message, StoredAnalysis analysis) {
    }

    public Posted post(UUID endUserId, UUID engineId, UUID experimentId, String role, String content) {
        requireEndUser(endUserId);
        if ((engineId == null) == (experimentId == null)) {
            throw new InvalidField(engineId == null ? "engine_id" : "experiment_id",
                    "give either engine_id or experiment_id");
        }
        Engine engine;
        ConversationMessage message;
        if (experimentId != null) {
            Assignment.Variant variant = experiments.assign(experimentId, endUserId);
            engine = em.find(Engine.class, variant.engineId());
            message = new ConversationMessage(endUserId, engine.id(), role, content, experimentId, variant.name());
        } else {
            engine = em.find(Engine.class, engineId);
            if (engine == null) {
                throw new InvalidField("engine_id", "is not an engine of this tenant");
            }
            message = new ConversationMessage(endUserId, engineId, role, content);
        }
        em.persist(message);
        em.flush();
        events.emit("message.created", JsonP.createObjectBuilder()
                .add("id", message.id().toString())
                .add("end_user_id", endUserId.toString())
                .add("engine_id", engine.id().toString())
                .add("role", role)
                .add("created_at", message.createdAt().toInstant().toString()).build());
        return new Posted(message, analyse(message, engine));
    }

    public Listing.Page<Posted> of(UUID endUserId, int limit, String cursor) {
        requireEndUser(endUserId);
        Listing.Page<ConversationMessage> page = Listing.page(em, ConversationMessage.class, "x.endUserId = :endUserId",
                Map.of("endUserId", endUserId), limit, cursor);
        Map<UUID, StoredAnalysis> analyses = analyses(page.items().stream().map(ConversationMessage::id).toList());
        reads.read("messages", endUserId.toString(), page.items().size());
        return new Listing.Page<>(page.items().stream().map(m -> new Posted(m, analyses.get(m.id()))).toList(),
                page.nextCursor());
    }

    private StoredAnalysis analyse(ConversationMessage message, Engine engine) {
        if ("off".equals(analysis)) {
            return null;
        }
        MessageRef ref = new MessageRef(message.id(), message.endUserId(), engine.id(), message.experimentId(),
                message.variant(), message.createdAt().toInstant());
        StoredAnalysis stored = null;
        try {
            Connection db = em.unwrap(Connection.class);
            if ("lexicon".equals(engine.kind())) {
                stored = records.analysed(db, ref, Lexicon.shared().analyse(message.content()));
            } else {
                records.queued(db, ref);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The analysis of message " + message.id() + " could not be stored", e);
        }
        return stored != null ? stored : analyses(List.of(message.id())).get(message.id());
    }

    private Map<UUID, StoredAnalysis> analyses(List<UUID> messageIds) {
        try {
            return new AnalysisRows().of(em.unwrap(Connection.class), messageIds);
        } catch (SQLException e) {
            throw new IllegalStateException("The analyses could not be read", e);
        }
    }

    private void requireEndUser(UUID endUserId) {
        if (em.find(EndUser.class, endUserId) == null) {
            throw new NotFound("End user " + endUserId);
        }
    }
}
