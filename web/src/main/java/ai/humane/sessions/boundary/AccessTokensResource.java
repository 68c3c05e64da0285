package ai.humane.sessions.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.idempotency.boundary.ShownOnce;
import ai.humane.sessions.control.AccessTokens;
import ai.humane.sessions.control.SessionCaller;
import ai.humane.sessions.control.TokenCaller;
import ai.humane.sessions.control.TokenClaims;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.UUID;

/**
 * S4: a 15-minute access token for the caller, carrying its tenant, role and scopes (read only for an account
 * still waiting for e-mail verification) and naming the credential it stands for: a user's token names the
 * session (the cookie's, or the one behind the token that asks), a key's token names the key. It lives no
 * longer than that credential.
 */
@Dependent
@Path(HumaneApi.V1 + "auth/token")
@Produces(MediaType.APPLICATION_JSON)
public class AccessTokensResource {

    @Inject
    AccessTokenKeys keys;

    @Inject
    SecurityContext security;

    @POST
    @RolesAllowed("viewer")
    public IssuedToken issue() {
        TenantCaller caller = TenantCaller.of(security);
        Set<String> scopes = caller.mayWrite() && !caller.verificationPending() ? Set.of("read", "write") : Set.of("read");
        TokenClaims claims = caller.kind() == TenantCaller.Kind.API_KEY
                ? TokenClaims.forApiKey(caller.actorId(), caller.tenantId(), caller.role().value(), scopes)
                : TokenClaims.forUser(caller.actorId(), session(caller), caller.tenantId(), caller.role().value(), scopes);
        return new IssuedToken(keys.tokens().issue(claims), "Bearer", AccessTokens.LIFETIME.toSeconds());
    }

    private static UUID session(TenantCaller caller) {
        if (caller instanceof SessionCaller cookie) {
            return cookie.sessionId();
        }
        if (caller instanceof TokenCaller token && token.sessionId().isPresent()) {
            return token.sessionId().get();
        }
        throw new IllegalStateException("A signed-in user without a session asked for an access token");
    }

    /** Not replayed (A2): a retry with the same Idempotency-Key is issued a token of its own. */
    public record IssuedToken(String accessToken, String tokenType, long expiresIn) implements ShownOnce {

        @Override
        public Object replay() {
            return null;
        }
    }
}
