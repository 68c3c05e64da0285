package ai.humane.authentication.boundary;

import ai.humane.apikeys.boundary.ApiKeyVerifier;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.HashSet;

/** Validates API keys (K1); the caller's groups are its role and every role below it. */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    @Inject
    ApiKeyVerifier verifier;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof ApiKeyCredential key)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return verifier.verify(key.token())
                .map(caller -> new CredentialValidationResult(caller, new HashSet<>(caller.role().granted())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public int priority() {
        return 10;
    }

    static boolean isApiKey(TenantCaller caller) {
        return caller.kind() == TenantCaller.Kind.API_KEY;
    }
}
