package ai.humane.authentication.boundary;

import ai.humane.sessions.boundary.SessionVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Instant;
import java.util.HashSet;

/** Validates session cookies (S3); the caller's groups are their role and every role below it. */
@ApplicationScoped
public class SessionIdentityStore implements IdentityStore {

    @Inject
    SessionVerifier verifier;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof SessionCredential session)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return verifier.verify(session.cookie(), Instant.now())
                .map(caller -> new CredentialValidationResult(caller, new HashSet<>(caller.role().granted())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public int priority() {
        return 20;
    }
}
