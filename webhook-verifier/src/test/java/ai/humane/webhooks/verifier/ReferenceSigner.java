package ai.humane.webhooks.verifier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries the way api.md says the server does, written from the contract and not from
 * WebhookVerifier, so that a shared mistake cannot make both sides agree on something wrong.
 */
final class ReferenceSigner {

    private ReferenceSigner() {
    }

    /** {@code t=<ts>,v1=<hex>} with one v1 per secret, in the order given. */
    static String humaneSignature(long timestamp, byte[] body, String... secrets) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        byte[] payload = join((timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String secret : secrets) {
            header.append(",v1=").append(toHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), payload)));
        }
        return header.toString();
    }

    /** The Standard Webhooks trio, one space-separated {@code v1,<base64>} per secret. */
    static Map<String, String> standardHeaders(String id, long timestamp, byte[] body, String... secrets) {
        byte[] payload = join((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        StringBuilder signatures = new StringBuilder();
        for (String secret : secrets) {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            if (signatures.length() > 0) {
                signatures.append(' ');
            }
            signatures.append("v1,").append(Base64.getEncoder().encodeToString(hmacSha256(key, payload)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signatures.toString());
        return headers;
    }

    /** Every signing header of a delivery, as the server sends them. */
    static Map<String, String> deliveryHeaders(String id, long timestamp, byte[] body, String... secrets) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Humane-Signature", humaneSignature(timestamp, body, secrets));
        headers.put("Humane-Event-Id", id);
        headers.put("Humane-Event-Type", "webhook.test");
        headers.putAll(standardHeaders(id, timestamp, body, secrets));
        return headers;
    }

    private static byte[] hmacSha256(byte[] key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toHex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] join(byte[] head, byte[] tail) {
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
