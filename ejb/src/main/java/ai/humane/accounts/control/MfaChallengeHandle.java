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

    /** Prefixed to the token of a challenge that opens one tenant only, before it is hashed. */
    private static final String TENANT_ONLY = "tenant-only:";

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

    /** What is stored of a challenge the password or Google earned: the token's SHA-256. */
    public byte[] hash() {
        return OpaqueToken.hash(token);
    }

    /**
     * What is stored of a challenge a tenant's own SSO connection earned (V56): the SHA-256 of the token under a
     * prefix of its own. A replica of the release before V56, still serving during a rolling upgrade, reads no
     * {@code opens} and would answer such a challenge with a session of the person, which may switch tenant; it
     * looks challenges up by {@link #hash()} alone, so it finds none of these (401, and the browser tries again).
     */
    public byte[] tenantOnlyHash() {
        return OpaqueToken.hash(TENANT_ONLY + token);
    }

    public String value() {
        return tenant + "." + token;
    }
}
