package ai.humane.sessions.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issues and verifies the access tokens of S4: compact ES256 JWTs with {@code kid} and {@code typ: JWT} (the type
 * Payara's MP-JWT insists on), carrying iss, aud, sub, sid (a user's session), tenant_id, role, groups (the role,
 * for MP-JWT), scope, iat, nbf, exp and jti. Whether the session or key behind a token is still alive is not
 * decided here but by {@code AccessTokenVerifier}, on every request. Verification decides the algorithm itself (ES256 only) and picks the key by {@code kid} among
 * the published ones; the header never chooses how a token is checked. Any defect, of any input, is an empty
 * answer. A token that passed is remembered until it expires ({@link VerifiedTokens}), so its next presentations
 * cost a hash instead of a signature check. Thread-safe.
 */
public final class AccessTokens {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    // Ours are ~600 characters; the cap keeps hostile input from costing parse time. The shape check also
    // refuses any character a lenient Base64 decoder would skip, so one token has one spelling.
    private static final int MAX_TOKEN_CHARS = 8192;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
    private static final Pattern CANONICAL_UUID = Pattern.compile(TokenClaims.UUID_FORM);

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens();

    /**
     * @param issuer   the exact {@code iss} written and required, e.g. PUBLIC_BASE_URL
     * @param audience the exact {@code aud} written and required
     */
    public AccessTokens(SigningKeys keys, String issuer, String audience, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token for these claims, signed by the current key, valid from now for {@link #LIFETIME}. */
    public String issue(TokenClaims claims) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audience).subject(claims.subject())
                .claim("tenant_id", claims.tenantId().toString())
                .claim("role", claims.role()).claim("groups", List.of(claims.role()))
                .claim("scope", claims.scope())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
        if (claims.sessionId() != null) {
            body.claim("sid", claims.sessionId().toString());
        }
        return keys.sign(JOSEObjectType.JWT, body.build());
    }

    /** The claims of a token we issued that is valid now; empty for anything else, garbage included. */
    public Optional<TokenClaims> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS || !COMPACT_JWS.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<TokenClaims> recalled = verified.recall(token, clock.instant());
        return recalled.isPresent() ? recalled : check(token);
    }

    private Optional<TokenClaims> check(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!keys.signed(jwt, JOSEObjectType.JWT)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!addressedToUs(claims) || !validNow(claims)) {
                return Optional.empty();
            }
            Optional<TokenClaims> caller = callerOf(claims);
            caller.ifPresent(c -> verified.remember(token, c, claims.getExpirationTime().toInstant().plus(CLOCK_SKEW),
                    clock.instant()));
            return caller;
        } catch (ParseException | JOSEException | RuntimeException e) {
            // Malformed JSON, a wrong claim type, a repeated scope or an unknown role: to the caller, not a token.
            return Optional.empty();
        }
    }

    private boolean addressedToUs(JWTClaimsSet claims) {
        return issuer.equals(claims.getIssuer()) && List.of(audience).equals(claims.getAudience());
    }

    /** exp and nbf with the allowed skew; a lifetime longer than ours is not one we issued. */
    private boolean validNow(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        if (exp == null || nbf == null || iat == null) {
            return false;
        }
        Instant now = clock.instant();
        return now.isBefore(exp.toInstant().plus(CLOCK_SKEW))
                && !nbf.toInstant().isAfter(now.plus(CLOCK_SKEW))
                && !iat.toInstant().isAfter(now.plus(CLOCK_SKEW))
                && !exp.toInstant().isAfter(iat.toInstant().plus(LIFETIME));
    }

    /** Empty when a claim the owner relies on is missing or malformed; TokenClaims refuses the rest. */
    private static Optional<TokenClaims> callerOf(JWTClaimsSet claims) throws ParseException {
        String tenant = claims.getStringClaim("tenant_id");
        String role = claims.getStringClaim("role");
        String scope = claims.getStringClaim("scope");
        String jti = claims.getJWTID();
        String sid = claims.getStringClaim("sid");
        boolean wellFormed = tenant != null && CANONICAL_UUID.matcher(tenant).matches() && role != null
                && List.of(role).equals(claims.getStringListClaim("groups")) && scope != null
                && jti != null && !jti.isBlank() && (sid == null || CANONICAL_UUID.matcher(sid).matches());
        if (!wellFormed) {
            return Optional.empty();
        }
        // split keeps empty strings, so a doubled space is a malformed scope token rather than silently ignored
        Set<String> scopes = scope.isEmpty() ? Set.of() : Set.of(scope.split(" ", -1));
        return Optional.of(new TokenClaims(claims.getSubject(), sid == null ? null : UUID.fromString(sid),
                UUID.fromString(tenant), role, scopes));
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
