package ai.humane.privacy.control;

import ai.humane.audit.control.AuditActor;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.problems.control.Problem;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Signed, short-lived links to an export archive (L3), made like K4's unsubscribe links: HMAC-SHA256 under a
 * key derived from HMAC_KEY for this purpose only, over
 * {@code version (2) | tenant (16) | job (16) | expires at, epoch seconds (8) | issued to: 0 user, 1 API key (1) |
 * its id (16)}, written as url-safe base64. The link names the tenant, so the download raises that tenant's walls
 * and no other; it names whom it was issued to, so the download is audited as theirs (who, which job, when); it
 * carries no end user and no data. Any failure, forged or expired, is one answer.
 */
public final class DownloadLinks {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    static final String PURPOSE = "l3/export-download";
    private static final byte VERSION = 2;
    private static final int SIGNED = 1 + 16 + 16 + 8 + 1 + 16;
    /** Characters of a token: 90 bytes of base64url without padding. */
    public static final int TOKEN_CHARS = 120;

    private final HmacKeys keys;
    private final Clock clock;

    /** @param keys the keys of HMAC_KEY; this class derives its own from them */
    public DownloadLinks(HmacKeys keys, Clock clock) {
        this.keys = keys.derive(PURPOSE);
        this.clock = clock;
    }

    public record Link(String token, Instant expiresAt) {
    }

    /** What a good link names: the tenant, the job, and the user or API key it was issued to. */
    public record Target(UUID tenant, UUID job, AuditActor issuedTo) {
    }

    /** @param issuedTo the user or API key that asked for the link (never the system) */
    public Link issue(UUID tenant, UUID job, AuditActor issuedTo) {
        if (issuedTo.id() == null) {
            throw new IllegalArgumentException("A download link is issued to a user or an API key");
        }
        Instant expires = clock.instant().plus(LIFETIME);
        ByteBuffer signed = ByteBuffer.allocate(SIGNED).put(VERSION)
                .putLong(tenant.getMostSignificantBits()).putLong(tenant.getLeastSignificantBits())
                .putLong(job.getMostSignificantBits()).putLong(job.getLeastSignificantBits())
                .putLong(expires.getEpochSecond())
                .put((byte) (AuditActor.USER.equals(issuedTo.type()) ? 0 : 1))
                .putLong(issuedTo.id().getMostSignificantBits()).putLong(issuedTo.id().getLeastSignificantBits());
        byte[] token = Arrays.copyOf(signed.array(), SIGNED + HmacKeys.MAC_BYTES);
        System.arraycopy(keys.sign(signed.array()), 0, token, SIGNED, HmacKeys.MAC_BYTES);
        return new Link(Base64.getUrlEncoder().withoutPadding().encodeToString(token), expires);
    }

    /** @throws LinkRefused when the token is not one of ours, is for another job, or has expired */
    public Target verify(String token, UUID job) {
        byte[] bytes = decode(token);
        byte[] signed = Arrays.copyOf(bytes, SIGNED);
        if (!keys.verifies(signed, Arrays.copyOfRange(bytes, SIGNED, bytes.length))) {
            throw new LinkRefused();
        }
        ByteBuffer fields = ByteBuffer.wrap(signed);
        if (fields.get() != VERSION) {
            throw new LinkRefused();
        }
        UUID tenant = new UUID(fields.getLong(), fields.getLong());
        UUID named = new UUID(fields.getLong(), fields.getLong());
        Instant expires = Instant.ofEpochSecond(fields.getLong());
        byte actorType = fields.get();
        UUID actor = new UUID(fields.getLong(), fields.getLong());
        if (!named.equals(job) || !clock.instant().isBefore(expires) || (actorType & 0xff) > 1) {
            throw new LinkRefused();
        }
        return new Target(tenant, job, actorType == 0 ? AuditActor.user(actor) : AuditActor.apiKey(actor));
    }

    private static byte[] decode(String token) {
        if (token == null || token.length() != TOKEN_CHARS) {
            throw new LinkRefused();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length != SIGNED + HmacKeys.MAC_BYTES) {
                throw new LinkRefused();
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new LinkRefused();
        }
    }

    /** A download link that is not (or no longer) good: 404, so it says nothing about which. */
    public static final class LinkRefused extends Problem {

        public LinkRefused() {
            super(404, "not-found", "Not found", "The download link is not valid or has expired");
        }
    }
}
