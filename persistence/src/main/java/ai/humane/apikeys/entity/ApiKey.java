package ai.humane.apikeys.entity;

import ai.humane.tenancy.entity.NullableUuid;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.RoleConverter;
import ai.humane.tenancy.entity.Scope;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored API key: its lookup prefix and hash, never the key itself (K1). */
@Entity
@Table(name = "api_keys")
public class ApiKey extends TenantOwned {


    @Column(nullable = false)
    private String name;

    @Column(nullable = false, updatable = false)
    private String prefix;

    @Column(name = "key_hash", nullable = false, updatable = false)
    private byte[] keyHash;

    @Convert(converter = RoleConverter.class)
    @Column(nullable = false, updatable = false)
    private Role role;

    @Column(nullable = false, updatable = false)
    private String scopes;

    @Convert(converter = NullableUuid.class)
    @Column(name = "created_by", updatable = false)
    private UUID createdBy;

    /** Set on a tenant under a BAA (O6): at most 90 days after issue; past it the key answers as revoked. */
    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected ApiKey() {
    }

    public ApiKey(String name, ApiKeySecret secret, Role role, Scope scope, UUID createdBy) {
        this.name = name;
        this.prefix = secret.prefix();
        this.keyHash = secret.hash();
        this.role = role;
        this.scopes = scope.column();
        this.createdBy = createdBy;
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = OffsetDateTime.now();
        }
    }

    public String name() {
        return name;
    }

    public String prefix() {
        return prefix;
    }

    public Role role() {
        return role;
    }

    public Scope scope() {
        return Scope.fromColumn(scopes);
    }

    public UUID createdBy() {
        return createdBy;
    }

    public void expireAt(OffsetDateTime at) {
        this.expiresAt = at;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }

    public OffsetDateTime revokedAt() {
        return revokedAt;
    }
}
