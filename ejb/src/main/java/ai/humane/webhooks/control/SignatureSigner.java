package ai.humane.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of one signed delivery (W1), as api.md defines them: {@code Humane-Signature} keyed with
 * each secret as written, and the Standard Webhooks trio keyed with each secret's decoded bytes; one
 * signature per active secret, so a receiver holding either secret of a rotation accepts it.
 */
public final class SignatureSigner {

    public Map<String, String> headers(UUID eventId, String eventType, long timestamp, byte[] body,
                                       List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a delivery is signed with at least one secret");
        }
        StringJoiner humane = new StringJoiner(",").add("t=" + timestamp);
        StringJoiner standard = new StringJoiner(" ");
        byte[] humaneSigned = concat(timestamp + ".", body);
        byte[] standardSigned = concat(eventId + "." + timestamp + ".", body);
        for (String secret : secrets) {
            humane.add("v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), humaneSigned)));
            standard.add("v1," + Base64.getEncoder().encodeToString(hmac(SigningSecret.standardKey(secret), standardSigned)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Humane-Signature", humane.toString());
        headers.put("Humane-Event-Id", eventId.toString());
        headers.put("Humane-Event-Type", eventType);
        headers.put("webhook-id", eventId.toString());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", standard.toString());
        return headers;
    }

    /** The hex HMAC-SHA256 a {@code v1=} of {@code Humane-Signature} carries, for verifying inbound requests. */
    public static String humaneV1(String secret, long timestamp, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), concat(timestamp + ".", body)));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }
}
