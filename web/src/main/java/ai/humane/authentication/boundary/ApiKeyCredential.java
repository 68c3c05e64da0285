package ai.humane.authentication.boundary;

import jakarta.security.enterprise.credential.Credential;

/** A bearer token presented as an API key; never logged (toString shows no secret). */
public record ApiKeyCredential(String token) implements Credential {

    @Override
    public String toString() {
        return "ApiKeyCredential[redacted]";
    }
}
