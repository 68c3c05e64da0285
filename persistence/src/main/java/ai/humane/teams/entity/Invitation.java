package ai.humane.teams.entity;

import ai.humane.tenancy.entity.NullableUuid;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.RoleConverter;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An e-mailed invitation to join a tenant with a role (T2); only the token's hash is kept. */
@Entity
@Table(name = "invitations")
@NamedQuery(name = Invitation.PENDING_TO, query = "SELECT i FROM Invitation i WHERE i.email = :email"
        + " AND i.acceptedAt IS NULL AND i.expiresAt > :now")
@NamedQuery(name = Invitation.PENDING_FROM, query = "SELECT i FROM Invitation i WHERE i.invitedBy = :member"
        + " AND i.acceptedAt IS NULL AND i.expiresAt > :now")
@NamedQuery(name = Invitation.PENDING_FROM_KEY, query = "SELECT i FROM Invitation i WHERE i.invitedByKey = :key"
        + " AND i.acceptedAt IS NULL AND i.expiresAt > :now")
public class Invitation extends TenantOwned {

    /** The tenant's invitations to {@code :email} still open at {@code :now}. */
    public static final String PENDING_TO = "Invitation.pendingTo";
    /** The tenant's invitations sent by the member {@code :member} still open at {@code :now}. */
    public static final String PENDING_FROM = "Invitation.pendingFrom";
    /** The tenant's invitations sent by the API key {@code :key} still open at {@code :now}. */
    public static final String PENDING_FROM_KEY = "Invitation.pendingFromKey";

    @Column(nullable = false, updatable = false)
    private String email;

    @Convert(converter = RoleConverter.class)
    @Column(nullable = false, updatable = false)
    private Role role;

    @Convert(converter = NullableUuid.class)
    @Column(name = "invited_by", updatable = false)
    private UUID invitedBy;

    @Convert(converter = NullableUuid.class)
    @Column(name = "invited_by_key", updatable = false)
    private UUID invitedByKey;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private byte[] tokenHash;

    @Column(name = "expires_at", nullable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "accepted_at")
    private OffsetDateTime acceptedAt;

    protected Invitation() {
    }

    /** Sent by a member ({@code invitedBy}) or by an API key ({@code invitedByKey}): one of the two, the other null. */
    public Invitation(String email, Role role, UUID invitedBy, UUID invitedByKey, byte[] tokenHash, OffsetDateTime expiresAt) {
        this.email = email;
        this.role = role;
        this.invitedBy = invitedBy;
        this.invitedByKey = invitedByKey;
        this.tokenHash = tokenHash;
        this.expiresAt = expiresAt;
    }

    /** Neither accepted nor withdrawn nor expired at {@code now}: its token would still be taken. */
    public boolean pending(OffsetDateTime now) {
        return acceptedAt == null && expiresAt.isAfter(now);
    }

    /** Accepts once, before expiry. */
    public boolean accept(OffsetDateTime now) {
        if (!pending(now)) {
            return false;
        }
        acceptedAt = now;
        return true;
    }

    /**
     * Withdraws an open invitation: it expires now, so its token is answered as any expired one, and the row still
     * tells who invited whom with which role.
     */
    public void withdraw(OffsetDateTime now) {
        if (pending(now)) {
            expiresAt = now;
        }
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    /** The member who sent it; none when an API key did, or once that member is removed (V10_2). */
    public UUID invitedBy() {
        return invitedBy;
    }

    /** The API key that sent it; none when a member did, or when a key sent it before V48 named keys. */
    public UUID invitedByKey() {
        return invitedByKey;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }
}
