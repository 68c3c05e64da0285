package ai.humane.authentication.boundary;

import ai.humane.sessions.boundary.AccessTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.HashSet;

/**
 * Validates access tokens (S4) with our own verifier rather than MicroProfile JWT's, which does not check the
 * audience or not-before (ES256 only, known kid, iss, aud, exp, nbf), and which could not ask whether the
 * session or key behind the token is still alive: {@link AccessTokenVerifier} does, on every request.
 */
@ApplicationScoped
public class AccessTokenIdentityStore implements IdentityStore {

    @Inject
    AccessTokenVerifier verifier;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof AccessTokenCredential bearer)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return verifier.verify(bearer.token())
                .map(caller -> new CredentialValidationResult(caller, new HashSet<>(caller.role().granted())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public int priority() {
        return 30;
    }
}
