package ai.humane.sessions.control;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who an access token speaks for: the caller ({@code user:<uuid>} or {@code api_key:<uuid>}), the credential it
 * was issued from (a user's token names its session, {@code sid}; a key's token is named by its subject), the
 * tenant, the role and the scopes. The constructor refuses anything malformed, so a {@code TokenClaims} that
 * exists, whether about to be issued or just verified, is well-formed; a verified token cannot smuggle in an
 * unknown role, and a user's token without a session to check is no token.
 *
 * @param subject   {@code user:<uuid>} or {@code api_key:<uuid>}, canonical lower-case UUID
 * @param sessionId the session a user's token was issued from; null, and only null, for an API key's token
 * @param tenantId  the tenant the caller acts in
 * @param role      owner, admin, member or viewer: the most the token may do; the credential's current role
 *                  may be less
 * @param scopes    OAuth scope tokens (RFC 6749 section 3.3), possibly none; kept sorted
 */
public record TokenClaims(String subject, UUID sessionId, UUID tenantId, String role, Set<String> scopes) {

    public static final Set<String> ROLES = Set.of("owner", "admin", "member", "viewer");

    static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String USER = "user:";
    private static final String API_KEY = "api_key:";
    private static final Pattern SUBJECT = Pattern.compile("(user|api_key):" + UUID_FORM);
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    private static final int MAX_SCOPES = 64;

    /** @throws IllegalArgumentException when a part is missing or malformed */
    public TokenClaims {
        require(subject != null && SUBJECT.matcher(subject).matches(), "subject must be user:<uuid> or api_key:<uuid>");
        require(subject.startsWith(USER) == (sessionId != null), "a user's token names its session, a key's none");
        require(tenantId != null, "tenantId is required");
        require(role != null && ROLES.contains(role), "role must be one of " + new TreeSet<>(ROLES));
        require(scopes != null && scopes.size() <= MAX_SCOPES,
                "scopes are required (possibly none), at most " + MAX_SCOPES);
        for (String scope : scopes) {
            require(scope != null && SCOPE_TOKEN.matcher(scope).matches(),
                    "a scope is 1 to 128 visible ASCII characters without space, quote or backslash");
        }
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    }

    public static TokenClaims forUser(UUID userId, UUID sessionId, UUID tenantId, String role, Set<String> scopes) {
        return new TokenClaims(USER + Objects.requireNonNull(userId, "userId"),
                Objects.requireNonNull(sessionId, "sessionId"), tenantId, role, scopes);
    }

    public static TokenClaims forApiKey(UUID apiKeyId, UUID tenantId, String role, Set<String> scopes) {
        return new TokenClaims(API_KEY + Objects.requireNonNull(apiKeyId, "apiKeyId"), null, tenantId, role, scopes);
    }

    public boolean isApiKey() {
        return subject.startsWith(API_KEY);
    }

    /** The user's or the API key's id, without the kind prefix. */
    public UUID principalId() {
        return UUID.fromString(subject.substring(subject.indexOf(':') + 1));
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The scopes as the space-separated {@code scope} claim of RFC 9068. */
    public String scope() {
        return String.join(" ", scopes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
