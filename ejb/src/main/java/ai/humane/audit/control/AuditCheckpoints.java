package ai.humane.audit.control;

import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.control.SigningKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Signed checkpoints of a tenant's chain (L1): the head's seq and hash, with the tenant and the time, as a compact
 * ES256 JWS under a key of {@code JWT_SIGNING_KEYS}. Those keys live in the environment, never in the database, and
 * their public halves are the JWKS, so a checkpoint the tenant keeps proves what its chain was even to someone who
 * can read the chain key and rewrite the chain consistently (the owner role, the superuser). The header's
 * {@code typ} is {@link #TYPE}, never {@code JWT}: a checkpoint is not an access token, and the access-token
 * verifier, which requires {@code JWT}, refuses it. A checkpoint has no expiry; it is checkable as long as the key
 * that signed it is in the set. Thread-safe.
 */
public final class AuditCheckpoints {

    public static final JOSEObjectType TYPE = new JOSEObjectType("humane-audit-checkpoint+jwt");
    /** Ours are about 330 characters; anything much longer is not one, and is refused before it is parsed. */
    public static final int MAX_CHARS = 1024;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final String FIELD = "checkpoint";
    private static final String NOT_ONE = "is not a checkpoint (a compact JWS of at most " + MAX_CHARS + " characters)";

    private final SigningKeys keys;

    public AuditCheckpoints(SigningKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The checkpoint of this head of the tenant's chain, taken now. */
    public Checkpoint sign(UUID tenant, ChainHead head, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("tenant_id", tenant.toString())
                .claim("seq", head.seq())
                .claim("hash", head.hashHex())
                .issueTime(Date.from(at))
                .build();
        return new Checkpoint(tenant, head, at, keys.sign(TYPE, claims));
    }

    /**
     * The head a checkpoint of this tenant signed. Anything else is 400 {@code validation} on the field
     * {@code checkpoint}: not a compact JWS, too long, not signed by a key of the set (forged, or signed by a key
     * since dropped), another type of JWS, claims missing or malformed, or another tenant's.
     */
    public Checkpoint read(String checkpoint, UUID tenant) {
        if (checkpoint == null || checkpoint.length() > MAX_CHARS || !COMPACT_JWS.matcher(checkpoint).matches()) {
            throw invalid(NOT_ONE);
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jws = SignedJWT.parse(checkpoint);
            claims = keys.signed(jws, TYPE) ? jws.getJWTClaimsSet() : null;
        } catch (ParseException | JOSEException | RuntimeException e) {
            // Malformed header or claims JSON: the library's message may quote the input, so it is not passed on.
            throw invalid(NOT_ONE);
        }
        if (claims == null) {
            throw invalid("is not signed by a current key of this platform as an audit checkpoint");
        }
        return claimsOf(claims, tenant, checkpoint);
    }

    private static Checkpoint claimsOf(JWTClaimsSet claims, UUID tenant, String checkpoint) {
        Object seq = claims.getClaim("seq");
        Object hash = claims.getClaim("hash");
        Object owner = claims.getClaim("tenant_id");
        Date iat = claims.getIssueTime();
        if (!(seq instanceof Long) || (Long) seq < 0 || !(hash instanceof String) || !HASH.matcher((String) hash).matches()
                || !(owner instanceof String) || iat == null) {
            throw invalid("has claims missing or malformed");
        }
        if (!tenant.toString().equals(owner)) {
            throw invalid("is a checkpoint of another tenant's audit log");
        }
        return new Checkpoint(tenant, new ChainHead((Long) seq, HexFormat.of().parseHex((String) hash)),
                iat.toInstant(), checkpoint);
    }

    private static InvalidField invalid(String message) {
        return new InvalidField(FIELD, message);
    }

    /** A signed head: whose chain, where it was, when it was taken, and the compact JWS saying so. */
    public record Checkpoint(UUID tenant, ChainHead head, Instant at, String jws) {
    }
}
