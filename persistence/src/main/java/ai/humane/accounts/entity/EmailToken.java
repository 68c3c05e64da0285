package ai.humane.accounts.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A one-time token sent by e-mail (verification 24 h, password reset 1 h); only its hash is kept. */
@Entity
@Table(name = "email_tokens")
public class EmailToken extends TenantOwned {

    public static final String VERIFY_EMAIL = "verify-email";
    public static final String PASSWORD_RESET = "password-reset";

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(nullable = false, updatable = false)
    private String purpose;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private byte[] tokenHash;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "used_at")
    private OffsetDateTime usedAt;

    protected EmailToken() {
    }

    public EmailToken(UUID userId, String purpose, byte[] tokenHash, OffsetDateTime expiresAt) {
        this.userId = userId;
        this.purpose = purpose;
        this.tokenHash = tokenHash;
        this.expiresAt = expiresAt;
    }

    public UUID userId() {
        return userId;
    }

    public String purpose() {
        return purpose;
    }
}
