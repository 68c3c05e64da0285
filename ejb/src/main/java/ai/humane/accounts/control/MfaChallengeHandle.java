package ai.humane.accounts.control;

import ai.humane.crypto.control.OpaqueToken;
import java.util.Optional;
import java.util.UUID;

/**
 * What a client holds between the password and the code: {@code <tenant id>.<256-bit random token>}. The tenant
 * part only says where to look (row-level security then shows that tenant's challenges alone); the token is what
 * proves it, and only its SHA-256 is stored.
 */
public record MfaChallengeHandle(UUID tenant, String token) {

    public static MfaChallengeHandle issue(UUID tenant) {
        return new MfaChallengeHandle(tenant, OpaqueToken.generate().value());
    }

    public static Optional<MfaChallengeHandle> parse(String presented) {
        if (presented == null || presented.length() > 200 || presented.indexOf('.') != 36) {
            return Optional.empty();
        }
        try {
            UUID tenant = UUID.fromString(presented.substring(0, 36));
            String token = presented.substring(37);
            return OpaqueToken.plausible(token) ? Optional.of(new MfaChallengeHandle(tenant, token)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] hash() {
        return OpaqueToken.hash(token);
    }

    public String value() {
        return tenant + "." + token;
    }
}
