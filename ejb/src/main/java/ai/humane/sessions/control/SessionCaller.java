package ai.humane.sessions.control;

import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import jakarta.security.enterprise.SecurityContext;
import java.util.Optional;
import java.util.UUID;

/**
 * A user signed in by a session cookie: beside who they are, which session it is, the hash its CSRF
 * token must match, whether the session is due to slide, and whether a BAA still asks a second factor of it.
 */
public class SessionCaller extends TenantCaller {

    private final UUID sessionId;
    private final byte[] csrfHash;
    private final boolean refreshDue;
    private final boolean secondFactorMissing;

    public SessionCaller(UUID tenantId, UUID userId, Role role, boolean verificationPending, UUID sessionId,
                         byte[] csrfHash, boolean refreshDue, boolean secondFactorMissing, String plan) {
        super(tenantId, userId, Kind.USER, role, Scope.WRITE, verificationPending, plan);
        this.sessionId = sessionId;
        this.csrfHash = csrfHash.clone();
        this.refreshDue = refreshDue;
        this.secondFactorMissing = secondFactorMissing;
    }

    /** The tenant is under a BAA (O6) and this member has not enrolled a second factor yet (S8). */
    public boolean secondFactorMissing() {
        return secondFactorMissing;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public byte[] csrfHash() {
        return csrfHash.clone();
    }

    public boolean refreshDue() {
        return refreshDue;
    }

    /** The session the caller signed in with: the cookie's, or the one an access token was issued from. */
    public static Optional<UUID> signedInWith(SecurityContext security) {
        Optional<UUID> cookie = security.getPrincipalsByType(SessionCaller.class).stream().findFirst()
                .map(SessionCaller::sessionId);
        return cookie.isPresent() ? cookie : security.getPrincipalsByType(TokenCaller.class).stream().findFirst()
                .flatMap(TokenCaller::sessionId);
    }
}
