package ai.humane.sso.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A provider's identity (issuer + subject) linked to an account (S5, S6). Linked once, when both the provider and
 * Humane had verified the e-mail; afterwards the subject alone finds the account, whatever e-mail the provider
 * asserts later. The provider's refresh token, when there is one, is stored sealed (K3).
 */
@Entity
@Table(name = "sso_identities")
@NamedQuery(name = SsoIdentity.OF_USER, query = "SELECT i FROM SsoIdentity i WHERE i.userId = :userId ORDER BY i.createdAt")
public class SsoIdentity extends TenantOwned {

    public static final String OF_USER = "SsoIdentity.ofUser";

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

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

    public SsoIdentity(UUID userId, String issuer, String subject, String email, OffsetDateTime now) {
        this.userId = userId;
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
