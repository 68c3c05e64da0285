package ai.humane.sessions.entity;

import ai.humane.tenancy.entity.NullableUuid;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A signed-in browser (S3): only the hashes of its session id and CSRF token are kept. */
@Entity
@Table(name = "sessions")
@NamedQuery(name = UserSession.OF_USER,
        query = "SELECT s FROM UserSession s WHERE s.userId = :userId AND s.revokedAt IS NULL"
                + " AND s.expiresAt > CURRENT_TIMESTAMP AND s.absoluteExpiresAt > CURRENT_TIMESTAMP ORDER BY s.createdAt DESC")
public class UserSession extends TenantOwned {

    public static final String OF_USER = "UserSession.ofUser";

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private byte[] tokenHash;

    @Column(name = "csrf_hash", nullable = false, updatable = false)
    private byte[] csrfHash;

    @Column(name = "refreshed_at", nullable = false)
    private OffsetDateTime refreshedAt;

    @Column(name = "expires_at", nullable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "absolute_expires_at", nullable = false, updatable = false)
    private OffsetDateTime absoluteExpiresAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    @Column(name = "client_ip", updatable = false)
    private String clientIp;

    @Column(name = "user_agent", updatable = false)
    private String userAgent;

    /**
     * Opened by a credential of the person, not of one tenant: the password (and second factor), or a global provider
     * such as Google, which vouches for the person's address. Only such a session may change tenant (V26). The
     * column kept V26's name when Google sessions joined (decisions.md, 2026-12-03).
     */
    @Column(name = "by_password", nullable = false, updatable = false)
    private boolean forPerson;

    /** The tenant's own SSO connection that vouched for this session, if one did: deleting or disabling it ends it (V59). */
    @Column(name = "sso_connection_id", updatable = false)
    @Convert(converter = NullableUuid.class)
    private UUID ssoConnectionId;

    protected UserSession() {
    }

    /** Marks a session about to be opened by a credential of the person (password, Google). */
    public void openedForPerson() {
        forPerson = true;
    }

    /** Marks a session about to be opened on the word of the tenant's own SSO connection {@code connection}. */
    public void openedThrough(UUID connection) {
        ssoConnectionId = connection;
    }

    public UserSession(UUID userId, byte[] tokenHash, byte[] csrfHash, OffsetDateTime now, OffsetDateTime expiresAt,
                       OffsetDateTime absoluteExpiresAt, String clientIp, String userAgent) {
        this.userId = userId;
        this.tokenHash = tokenHash;
        this.csrfHash = csrfHash;
        this.refreshedAt = now;
        this.expiresAt = expiresAt;
        this.absoluteExpiresAt = absoluteExpiresAt;
        this.clientIp = clientIp;
        this.userAgent = userAgent;
    }

    /** Slides the expiry forward, never past the absolute cap. */
    public void slide(OffsetDateTime now, OffsetDateTime slidTo) {
        refreshedAt = now;
        expiresAt = slidTo.isAfter(absoluteExpiresAt) ? absoluteExpiresAt : slidTo;
    }

    public void revoke(OffsetDateTime now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public boolean forPerson() {
        return forPerson;
    }

    public UUID userId() {
        return userId;
    }

    public OffsetDateTime refreshedAt() {
        return refreshedAt;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }

    public OffsetDateTime absoluteExpiresAt() {
        return absoluteExpiresAt;
    }

    public OffsetDateTime revokedAt() {
        return revokedAt;
    }

    public String clientIp() {
        return clientIp;
    }

    public String userAgent() {
        return userAgent;
    }
}
