package ai.humane.sso.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A provider's identity (issuer + subject) linked to a person (S5, S6, V27). Linked once, when both the provider and
 * Humane had verified the e-mail; afterwards the subject alone finds the person, whatever e-mail the provider
 * asserts later. The row lives in the tenant of the membership that linked it. A global identity (Google's) is the
 * person's in every tenant; a tenant connection's opens only its tenant. Each is found only by its own kind of
 * provider (V30): Google's among Google's links, a connection's within its tenant. The provider's refresh token,
 * when there is one, is stored sealed (K3).
 */
@Entity
@Table(name = "sso_identities")
@NamedQuery(name = SsoIdentity.OF_USER, query = "SELECT i FROM SsoIdentity i WHERE i.userId = :userId ORDER BY i.createdAt")
public class SsoIdentity extends TenantOwned {

    public static final String OF_USER = "SsoIdentity.ofUser";

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "person_id", nullable = false, updatable = false)
    private UUID personId;

    /** Linked through a global provider (Google): it may open any of the person's memberships. */
    @Column(nullable = false, updatable = false)
    private boolean global;

    @Column(nullable = false, updatable = false)
    private String issuer;

    @Column(nullable = false, updatable = false)
    private String subject;

    @Column(nullable = false)
    private String email;

    /** Fernet-sealed; null when the provider issued none. */
    @Column(name = "refresh_token")
    private String refreshToken;

    @Column(name = "last_signed_in_at", nullable = false)
    private OffsetDateTime lastSignedInAt;

    protected SsoIdentity() {
    }

    public SsoIdentity(UUID userId, UUID personId, boolean global, String issuer, String subject, String email,
                       OffsetDateTime now) {
        this.userId = userId;
        this.personId = personId;
        this.global = global;
        this.issuer = issuer;
        this.subject = subject;
        this.email = email;
        this.lastSignedInAt = now;
    }

    public void signedIn(String email, OffsetDateTime now) {
        this.email = email;
        this.lastSignedInAt = now;
    }

    /** Keeps a newly issued refresh token; {@code sealed} is already Fernet-sealed. */
    public void keepRefreshToken(String sealed) {
        this.refreshToken = sealed;
    }

    public UUID userId() {
        return userId;
    }

    public UUID personId() {
        return personId;
    }

    public boolean global() {
        return global;
    }

    public String issuer() {
        return issuer;
    }

    public String subject() {
        return subject;
    }

    public String email() {
        return email;
    }

    public String sealedRefreshToken() {
        return refreshToken;
    }

    public OffsetDateTime lastSignedInAt() {
        return lastSignedInAt;
    }
}
