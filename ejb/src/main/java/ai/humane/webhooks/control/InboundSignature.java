package ai.humane.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies {@code Humane-Signature: t=<unix seconds>,v1=<hex>[,v1=…]} on a request a customer sends us
 * (W2), the way our receivers verify ours: HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the secret as
 * written, at most 300 s of skew either way, any one v1 matching any one active secret.
 */
public final class InboundSignature {

    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    private InboundSignature() {
    }

    /** @throws SignatureRejected unless the header proves the body with one of {@code secrets} at about {@code now} */
    public static void verify(String header, byte[] body, List<String> secrets, Instant now) {
        read(header, now).verify(body, secrets);
    }

    /**
     * The header's timestamp and signatures, checked for shape and age only: what needs no secret. A caller reads the
     * header before it looks the engine up, so every refusal of this kind reads the same whether the engine exists
     * or not.
     *
     * @throws SignatureRejected when the header is missing, malformed or more than 300 s from {@code now}
     */
    public static Header read(String header, Instant now) {
        if (header == null || header.isBlank()) {
            throw new SignatureRejected("Humane-Signature is missing");
        }
        long timestamp = -1;
        List<String> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            String item = part.strip();
            if (item.startsWith("t=") && timestamp < 0 && item.substring(2).matches("\\d{1,12}")) {
                timestamp = Long.parseLong(item.substring(2));
            } else if (item.startsWith("v1=")) {
                candidates.add(item.substring(3).toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (timestamp < 0 || candidates.isEmpty()) {
            throw new SignatureRejected("Humane-Signature must look like t=<unix seconds>,v1=<hex>");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            throw new SignatureRejected("the signature's timestamp is more than 300 s from our clock");
        }
        return new Header(timestamp, List.copyOf(candidates));
    }

    /** A well-formed, fresh header: its timestamp and every v1 signature it carries. */
    public record Header(long timestamp, List<String> candidates) {

        /** @throws SignatureRejected unless one signature proves {@code body} with one of {@code secrets} */
        public void verify(byte[] body, List<String> secrets) {
            for (String secret : secrets) {
                byte[] expected = SignatureSigner.humaneV1(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
                for (String candidate : candidates) {
                    if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                        return;
                    }
                }
            }
            throw noMatch();
        }
    }

    /** What a well-formed, fresh header with no signature of an engine's secrets answers, and an unknown engine too. */
    public static SignatureRejected noMatch() {
        return new SignatureRejected("no signature matches a secret of this engine");
    }
}
