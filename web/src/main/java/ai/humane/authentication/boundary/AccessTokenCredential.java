package ai.humane.authentication.boundary;

import jakarta.security.enterprise.credential.Credential;

/** A bearer credential that is not an API key: an access token (S4); never logged. */
public record AccessTokenCredential(String token) implements Credential {

    @Override
    public String toString() {
        return "AccessTokenCredential[redacted]";
    }
}
