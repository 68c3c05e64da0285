package ai.humane.audit.entity;

import ai.humane.tenancy.entity.NullableUuid;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * One recorded event, as the API reads it (L1). It has no mutators: the chain control inserts events
 * with native SQL, the database gives each its seq, time and keyed hash, and the runtime role may neither
 * UPDATE nor DELETE events, so an event read here is as it was hashed unless someone tampered.
 */
@Entity
@Table(name = "admin_audit_events")
public class AuditEvent extends TenantOwned {

    @Column(nullable = false, updatable = false)
    private long seq;

    @Column(name = "actor_type", nullable = false, updatable = false)
    private String actorType;

    @Convert(converter = NullableUuid.class)
    @Column(name = "actor_id", updatable = false)
    private UUID actorId;

    @Column(nullable = false, updatable = false)
    private String action;

    @Column(name = "resource_type", nullable = false, updatable = false)
    private String resourceType;

    @Column(name = "resource_id", updatable = false)
    private String resourceId;

    /** JSON object (jsonb), secrets already stripped; null when there was no prior state. */
    @Column(name = "before", updatable = false)
    private String beforeState;

    @Column(name = "after", updatable = false)
    private String afterState;

    @Column(name = "client_ip", updatable = false)
    private String clientIp;

    @Column(name = "prev_hash", nullable = false, updatable = false)
    private byte[] prevHash;

    @Column(nullable = false, updatable = false)
    private byte[] hash;

    protected AuditEvent() {
    }

    public long seq() {
        return seq;
    }

    public String actorType() {
        return actorType;
    }

    public UUID actorId() {
        return actorId;
    }

    public String action() {
        return action;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }

    public String before() {
        return beforeState;
    }

    public String after() {
        return afterState;
    }

    public String clientIp() {
        return clientIp;
    }

    public byte[] prevHash() {
        return prevHash.clone();
    }

    public byte[] hash() {
        return hash.clone();
    }
}
