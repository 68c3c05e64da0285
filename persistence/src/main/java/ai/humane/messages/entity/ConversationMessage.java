package ai.humane.messages.entity;

import ai.humane.tenancy.entity.NullableUuid;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

/** One message of an end user's conversation, as sent through an engine. */
@Entity
@Table(name = "conversation_messages")
public class ConversationMessage extends TenantOwned {


    @Column(name = "end_user_id", nullable = false, updatable = false)
    private UUID endUserId;

    @Convert(converter = NullableUuid.class)
    @Column(name = "engine_id", updatable = false)
    private UUID engineId;

    @Column(nullable = false, updatable = false)
    private String role;

    @Column(nullable = false, updatable = false)
    private String content;

    @Convert(converter = NullableUuid.class)
    @Column(name = "experiment_id", updatable = false)
    private UUID experimentId;

    @Column(updatable = false)
    private String variant;

    protected ConversationMessage() {
    }

    public ConversationMessage(UUID endUserId, UUID engineId, String role, String content) {
        this(endUserId, engineId, role, content, null, null);
    }

    /** A message sent through {@code variant} of a running experiment, whose engine is {@code engineId}. */
    public ConversationMessage(UUID endUserId, UUID engineId, String role, String content, UUID experimentId,
                               String variant) {
        this.endUserId = endUserId;
        this.engineId = engineId;
        this.role = role;
        this.content = content;
        this.experimentId = experimentId;
        this.variant = variant;
    }

    public UUID experimentId() {
        return experimentId;
    }

    public String variant() {
        return variant;
    }

    public UUID endUserId() {
        return endUserId;
    }

    public UUID engineId() {
        return engineId;
    }

    public String role() {
        return role;
    }

    public String content() {
        return content;
    }
}
