package ai.humane.authentication.boundary;

import jakarta.security.enterprise.credential.Credential;

/** The value of a presented {@code humane_session} cookie; never logged. */
public record SessionCredential(String cookie) implements Credential {

    @Override
    public String toString() {
        return "SessionCredential[redacted]";
    }
}
