package ai.humane.webhooks.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves that a webhook request was signed by Humane with one of your endpoint's secrets, and is fresh.
 * Copy this file into your receiver; it needs nothing but Java 11 or later.
 *
 * <p>Pass the <b>raw body bytes exactly as received</b>, before any JSON parsing: re-serialised JSON does not
 * verify. Pass every secret that is currently valid: during a rotation that is the new and the old one.
 *
 * <p>Two header forms are accepted. A Humane delivery carries both; when {@code Humane-Signature} is present it
 * alone decides, otherwise the Standard Webhooks headers do.
 * <ul>
 * <li>{@code Humane-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]}: each {@code v1} is the hex
 * HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the <b>whole secret string</b> ({@code whsec_…},
 * prefix included) as UTF-8 bytes. Any one matching {@code v1} passes; other keys are ignored.</li>
 * <li>Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature:
 * v1,<base64>[ v1,<base64>…]}: each is the base64 HMAC-SHA256 of {@code "<id>.<timestamp>.<raw body>"}
 * keyed with the <b>base64-decoded part after {@code whsec_}</b>. That key convention is Standard Webhooks'
 * own, so their libraries verify Humane deliveries too.</li>
 * </ul>
 * A malformed signature entry (a {@code v1} that is not 64 hex digits, or not the base64 of 32 bytes) is
 * skipped rather than fatal: during rotations, and behind proxies that add their own, a header may carry
 * several, and one good match is enough. A header with no well-formed {@code v1} at all is malformed.
 * A timestamp more than 300 seconds before or after {@code now} is refused, which bounds replays. Signatures
 * are compared in constant time.
 */
public final class WebhookVerifier {

    /** Allowed clock skew and replay window, in seconds, in both directions. */
    public static final long TOLERANCE_SECONDS = 300;

    private static final String SECRET_PREFIX = "whsec_";
    private static final int SIGNATURE_BYTES = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The header form that proved a request. */
    public enum Scheme { HUMANE_SIGNATURE, STANDARD_WEBHOOKS }

    /** Why a request was refused; answer 400 (or 401) and do not process it. */
    public enum Reason { MISSING_HEADER, MALFORMED_HEADER, TIMESTAMP_TOO_OLD, TIMESTAMP_IN_FUTURE, SIGNATURE_MISMATCH }

    /** A request that is not a fresh, authentic Humane webhook. The message is safe to log. */
    public static final class Rejected extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final Reason reason;

        Rejected(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private WebhookVerifier() {
    }

    /**
     * @param headers request headers, names in any case
     * @return the header form that proved the request
     * @throws Rejected when the request is missing, malformed, stale or not signed with any of the secrets
     * @throws IllegalArgumentException when {@code secrets} is empty or holds something that is not a
     *                                  {@code whsec_} secret (a receiver misconfiguration, not a bad request)
     */
    public static Scheme verify(Map<String, String> headers, byte[] rawBody, List<String> secrets, Instant now) {
        String humane = header(headers, "Humane-Signature");
        if (humane != null) {
            verifyHumaneSignature(humane, rawBody, secrets, now);
            return Scheme.HUMANE_SIGNATURE;
        }
        String signature = header(headers, "webhook-signature");
        if (signature == null) {
            throw new Rejected(Reason.MISSING_HEADER, "neither Humane-Signature nor webhook-signature is present");
        }
        verifyStandardWebhooks(header(headers, "webhook-id"), header(headers, "webhook-timestamp"), signature,
                rawBody, secrets, now);
        return Scheme.STANDARD_WEBHOOKS;
    }

    /** Verifies a {@code Humane-Signature} header value. */
    public static void verifyHumaneSignature(String headerValue, byte[] rawBody, List<String> secrets, Instant now) {
        requireSecrets(secrets);
        if (headerValue == null) {
            throw new Rejected(Reason.MISSING_HEADER, "Humane-Signature is missing");
        }
        String timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : headerValue.split(",", -1)) {
            int equals = part.indexOf('=');
            String key = equals < 0 ? "" : part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            if (key.equals("t") && timestamp != null) {
                throw malformed("Humane-Signature carries two timestamps");
            }
            // Entries that are not key=value, unknown keys and malformed v1 values are skipped, not fatal.
            if (key.equals("t")) {
                timestamp = value;
            } else if (key.equals("v1") && isHexSignature(value)) {
                candidates.add(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (timestamp == null || candidates.isEmpty()) {
            throw malformed("Humane-Signature needs a t= and at least one v1= of 64 hex digits");
        }
        requireFresh(timestamp, now);
        byte[] signed = concat(timestamp + ".", rawBody);
        List<byte[]> expected = new ArrayList<>();
        for (String secret : secrets) {
            expected.add(hex(hmac(secret.getBytes(StandardCharsets.UTF_8), signed)));
        }
        requireMatch(expected, candidates);
    }

    /** Verifies the Standard Webhooks headers {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}. */
    public static void verifyStandardWebhooks(String id, String timestamp, String signature, byte[] rawBody,
            List<String> secrets, Instant now) {
        requireSecrets(secrets);
        if (id == null || timestamp == null || signature == null) {
            throw new Rejected(Reason.MISSING_HEADER, "webhook-id, webhook-timestamp and webhook-signature are required");
        }
        if (id.isEmpty()) {
            throw malformed("webhook-id is empty");
        }
        List<byte[]> candidates = new ArrayList<>();
        for (String entry : signature.trim().split(" +")) {
            int comma = entry.indexOf(',');
            byte[] candidate = comma > 0 && entry.substring(0, comma).equals("v1")
                    ? base64Signature(entry.substring(comma + 1)) : null;
            if (candidate != null) {
                candidates.add(candidate);
            }
        }
        if (candidates.isEmpty()) {
            throw malformed("webhook-signature has no v1,<base64 of 32 bytes> signature");
        }
        requireFresh(timestamp, now);
        byte[] signed = concat(id + "." + timestamp + ".", rawBody);
        List<byte[]> expected = new ArrayList<>();
        for (String secret : secrets) {
            expected.add(hmac(standardKey(secret), signed));
        }
        requireMatch(expected, candidates);
    }

    private static void requireFresh(String timestamp, Instant now) {
        boolean digits = !timestamp.isEmpty() && timestamp.length() <= 12 && timestamp.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw malformed("the timestamp must be whole Unix seconds");
        }
        long age = now.getEpochSecond() - Long.parseLong(timestamp);
        if (age > TOLERANCE_SECONDS) {
            throw new Rejected(Reason.TIMESTAMP_TOO_OLD, "the timestamp is " + age + " s old; at most "
                    + TOLERANCE_SECONDS + " s is accepted (replay or slow clock)");
        }
        if (-age > TOLERANCE_SECONDS) {
            throw new Rejected(Reason.TIMESTAMP_IN_FUTURE, "the timestamp is " + -age + " s in the future; at most "
                    + TOLERANCE_SECONDS + " s is accepted (check the receiver's clock)");
        }
    }

    /** Every pair is compared, so the time taken does not depend on where a match is. */
    private static void requireMatch(List<byte[]> expected, List<byte[]> candidates) {
        boolean matched = false;
        for (byte[] mine : expected) {
            for (byte[] theirs : candidates) {
                matched |= MessageDigest.isEqual(mine, theirs);
            }
        }
        if (!matched) {
            throw new Rejected(Reason.SIGNATURE_MISMATCH, "no signature matches any of the endpoint's secrets");
        }
    }

    /** Checks every secret up front, so a bad one is found at the first request, whatever header it carries. */
    private static void requireSecrets(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one whsec_ secret is required");
        }
        for (int i = 0; i < secrets.size(); i++) {
            try {
                standardKey(secrets.get(i));
            } catch (RuntimeException e) {
                // The secret itself is never part of the message: messages end up in logs.
                throw new IllegalArgumentException("secret #" + (i + 1) + " is not whsec_ followed by base64");
            }
        }
    }

    private static byte[] standardKey(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("no whsec_ prefix");
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        return key;
    }

    private static boolean isHexSignature(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.length() == 2 * SIGNATURE_BYTES
                && lower.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** The 32 signature bytes, or null when the value is not their base64. */
    private static byte[] base64Signature(String value) {
        try {
            byte[] signature = Base64.getDecoder().decode(value);
            return signature.length == SIGNATURE_BYTES ? signature : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] hex(byte[] bytes) {
        byte[] text = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            text[2 * i] = (byte) HEX[(bytes[i] >> 4) & 0xf];
            text[2 * i + 1] = (byte) HEX[bytes[i] & 0xf];
        }
        return text;
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    private static Rejected malformed(String message) {
        return new Rejected(Reason.MALFORMED_HEADER, message);
    }
}
