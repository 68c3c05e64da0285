package ai.humane.messages.boundary;

import ai.humane.endusers.entity.EndUser;
import ai.humane.engines.entity.Engine;
import ai.humane.messages.entity.ConversationMessage;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.WebhookEvents;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.UUID;

/** Stores the messages of an end user's conversation (analysis comes later). */
@Stateless
@Interceptors(TenantScope.class)
public class Messages {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    WebhookEvents events;

    public ConversationMessage post(UUID endUserId, UUID engineId, String role, String content) {
        requireEndUser(endUserId);
        if (em.find(Engine.class, engineId) == null) {
            throw new InvalidField("engine_id", "is not an engine of this tenant");
        }
        ConversationMessage message = new ConversationMessage(endUserId, engineId, role, content);
        em.persist(message);
        em.flush();
        events.emit("message.created", Json.createObjectBuilder()
                .add("id", message.id().toString())
                .add("end_user_id", endUserId.toString())
                .add("engine_id", engineId.toString())
                .add("role", role)
                .add("created_at", message.createdAt().toInstant().toString()).build());
        return message;
    }

    public Listing.Page<ConversationMessage> of(UUID endUserId, int limit, String cursor) {
        requireEndUser(endUserId);
        return Listing.page(em, ConversationMessage.class, "x.endUserId = :endUserId", Map.of("endUserId", endUserId),
                limit, cursor);
    }

    private void requireEndUser(UUID endUserId) {
        if (em.find(EndUser.class, endUserId) == null) {
            throw new NotFound("End user " + endUserId);
        }
    }
}
