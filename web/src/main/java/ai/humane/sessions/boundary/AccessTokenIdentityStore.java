package ai.humane.sessions.boundary;

import ai.humane.accounts.entity.Role;
import ai.humane.apikeys.entity.Scope;
import ai.humane.sessions.control.TokenClaims;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.HashSet;

/**
 * Validates access tokens (S4) with our own verifier rather than MicroProfile JWT's, which does not
 * check the audience or not-before: ES256 only, known kid, iss, aud, exp, nbf.
 */
@ApplicationScoped
public class AccessTokenIdentityStore implements IdentityStore {

    @Inject
    AccessTokenKeys keys;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof AccessTokenCredential bearer)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return keys.tokens().verify(bearer.token())
                .map(AccessTokenIdentityStore::caller)
                .map(caller -> new CredentialValidationResult(caller, new HashSet<>(caller.role().granted())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    private static TenantCaller caller(TokenClaims claims) {
        return new TenantCaller(claims.tenantId(), claims.principalId(),
                claims.isApiKey() ? TenantCaller.Kind.API_KEY : TenantCaller.Kind.USER,
                Role.of(claims.role()).orElseThrow(), claims.hasScope("write") ? Scope.WRITE : Scope.READ);
    }

    @Override
    public int priority() {
        return 30;
    }
}
