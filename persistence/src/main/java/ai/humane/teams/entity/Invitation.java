package ai.humane.teams.entity;

import ai.humane.tenancy.entity.NullableUuid;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.RoleConverter;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An e-mailed invitation to join a tenant with a role (T2); only the token's hash is kept. */
@Entity
@Table(name = "invitations")
public class Invitation extends TenantOwned {

    @Column(nullable = false, updatable = false)
    private String email;

    @Convert(converter = RoleConverter.class)
    @Column(nullable = false, updatable = false)
    private Role role;

    @Convert(converter = NullableUuid.class)
    @Column(name = "invited_by", updatable = false)
    private UUID invitedBy;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private byte[] tokenHash;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "accepted_at")
    private OffsetDateTime acceptedAt;

    protected Invitation() {
    }

    public Invitation(String email, Role role, UUID invitedBy, byte[] tokenHash, OffsetDateTime expiresAt) {
        this.email = email;
        this.role = role;
        this.invitedBy = invitedBy;
        this.tokenHash = tokenHash;
        this.expiresAt = expiresAt;
    }

    /** Accepts once, before expiry. */
    public boolean accept(OffsetDateTime now) {
        if (acceptedAt != null || !expiresAt.isAfter(now)) {
            return false;
        }
        acceptedAt = now;
        return true;
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }
}
