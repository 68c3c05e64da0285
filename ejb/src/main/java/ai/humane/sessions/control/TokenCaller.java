package ai.humane.sessions.control;

import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import java.util.Optional;
import java.util.UUID;

/**
 * A caller authenticated by an access token (S4), acting with what its session or API key holds now: the
 * lesser of the token's role and the credential's current role, the token's scope at most. A user's token
 * keeps the session it stands for, so signing out with it ends that session and a token issued from it
 * stands for the same session.
 */
public class TokenCaller extends TenantCaller {

    private final UUID sessionId;
    private final boolean secondFactorMissing;

    public TokenCaller(UUID tenantId, UUID actorId, Kind kind, Role role, Scope scope, boolean verificationPending,
                       UUID sessionId, String plan) {
        this(tenantId, actorId, kind, role, scope, verificationPending, sessionId, plan, false);
    }

    public TokenCaller(UUID tenantId, UUID actorId, Kind kind, Role role, Scope scope, boolean verificationPending,
                       UUID sessionId, String plan, boolean secondFactorMissing) {
        super(tenantId, actorId, kind, role, scope, verificationPending, plan);
        this.sessionId = sessionId;
        this.secondFactorMissing = secondFactorMissing;
    }

    /** A user's token: the tenant is under a BAA (O6) and the member has not enrolled a second factor yet (S8). */
    public boolean secondFactorMissing() {
        return secondFactorMissing;
    }

    /** The session a user's token was issued from; empty for an API key's token. */
    public Optional<UUID> sessionId() {
        return Optional.ofNullable(sessionId);
    }
}
