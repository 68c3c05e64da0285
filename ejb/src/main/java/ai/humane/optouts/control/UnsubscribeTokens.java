package ai.humane.optouts.control;

import ai.humane.crypto.control.HmacKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs and verifies the tokens of unsubscribe links (K4) with {@link HmacKeys} (HMAC-SHA256 from the
 * JDK's javax.crypto; no library). A token is 75 bytes written as 100 characters of url-safe base64
 * without padding:
 * <pre>
 * version (1) | purpose (1) | list (1) | tenant id (16) | user id (16) | issued at, epoch seconds (8) | MAC (32)
 * </pre>
 * The MAC covers a context label and every byte before it, so a MAC made with HMAC_KEY for anything else
 * is no unsubscribe token. The recipient is named by ids, never by the e-mail address: the URL ends up in
 * mail logs, browser history and proxies, and random ids say nothing about the person outside Humane.
 * The ids are signed, not encrypted, which they need not be. The lifetime (30 days) is not in the token
 * but counted from its issue, so changing it here changes it for every link already mailed.
 * <p>
 * Verification answers one {@link InvalidToken} for whatever is wrong with the token itself, checked in
 * that order: length, base64url, MAC (constant-time), version, purpose, list, a time of issue in the
 * future; and {@link TokenExpired} for a genuine token past its lifetime.
 */
public final class UnsubscribeTokens {

    public static final Duration LIFETIME = Duration.ofDays(30);
    /** Clocks of instances may differ a little; a token from further ahead was not made by us. */
    static final Duration SKEW = Duration.ofMinutes(5);
    static final byte VERSION = 1;
    static final byte PURPOSE = 'U';
    static final int SIGNED_BYTES = 1 + 1 + 1 + 16 + 16 + 8;
    static final int TOKEN_BYTES = SIGNED_BYTES + HmacKeys.MAC_BYTES;
    /** Characters of a token; anything longer is refused before it is decoded. */
    public static final int TOKEN_CHARS = 100;
    private static final byte[] CONTEXT = "humane/k4/unsubscribe\n".getBytes(StandardCharsets.US_ASCII);

    private final HmacKeys keys;
    private final Clock clock;

    public UnsubscribeTokens(HmacKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A token for {@code user} of {@code tenant} to stop {@code list}, issued now. */
    public String issue(UUID tenant, UUID user, MailList list) {
        return encode(VERSION, PURPOSE, list.code(), tenant, user, clock.instant().getEpochSecond());
    }

    /**
     * What the token says, when it is genuine and current.
     *
     * @throws InvalidToken when it is not a token signed by one of the keys
     * @throws TokenExpired when it is genuine but older than {@link #LIFETIME}
     */
    public UnsubscribeToken verify(String token) {
        ByteBuffer bytes = ByteBuffer.wrap(decode(token));
        byte[] signed = Arrays.copyOf(bytes.array(), SIGNED_BYTES);
        byte[] mac = Arrays.copyOfRange(bytes.array(), SIGNED_BYTES, TOKEN_BYTES);
        if (!keys.verifies(labelled(signed), mac) || bytes.get() != VERSION || bytes.get() != PURPOSE) {
            throw new InvalidToken();
        }
        MailList list = MailList.of(bytes.get()).orElseThrow(InvalidToken::new);
        UUID tenant = new UUID(bytes.getLong(), bytes.getLong());
        UUID user = new UUID(bytes.getLong(), bytes.getLong());
        Instant issued = Instant.ofEpochSecond(bytes.getLong());
        Instant now = clock.instant();
        if (issued.isAfter(now.plus(SKEW))) {
            throw new InvalidToken();
        }
        if (!now.isBefore(issued.plus(LIFETIME))) {
            throw new TokenExpired();
        }
        return new UnsubscribeToken(tenant, user, list, issued);
    }

    /** Any version and purpose, so that tests can sign tokens this release must refuse. */
    String encode(byte version, byte purpose, byte list, UUID tenant, UUID user, long issuedAt) {
        ByteBuffer signed = ByteBuffer.allocate(SIGNED_BYTES).put(version).put(purpose).put(list)
                .putLong(tenant.getMostSignificantBits()).putLong(tenant.getLeastSignificantBits())
                .putLong(user.getMostSignificantBits()).putLong(user.getLeastSignificantBits())
                .putLong(issuedAt);
        byte[] token = Arrays.copyOf(signed.array(), TOKEN_BYTES);
        System.arraycopy(keys.sign(labelled(signed.array())), 0, token, SIGNED_BYTES, HmacKeys.MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private static byte[] decode(String token) {
        // 75 bytes are exactly 25 groups of base64: 100 characters, no padding, no spare bits to vary.
        if (token == null || token.length() != TOKEN_CHARS) {
            throw new InvalidToken();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken();
        }
        // Padding inside the 100 characters decodes to fewer bytes.
        if (bytes.length != TOKEN_BYTES) {
            throw new InvalidToken();
        }
        return bytes;
    }

    private static byte[] labelled(byte[] signed) {
        byte[] data = Arrays.copyOf(CONTEXT, CONTEXT.length + signed.length);
        System.arraycopy(signed, 0, data, CONTEXT.length, signed.length);
        return data;
    }
}
