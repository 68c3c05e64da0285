package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks one received delivery against api.md, written from the contract and not from the signer: every
 * header, both signature schemes, and which of the given secrets each signature proves.
 */
final class DeliveryCheck {

    private DeliveryCheck() {
    }

    /** Asserts the whole delivery; answers its body, and asserts each secret is proven by both schemes. */
    static JsonObject verify(WebhookReceiver.Received delivery, String eventType, List<String> secrets) {
        assertEquals("POST", delivery.method());
        assertTrue(delivery.header("Content-Type").startsWith("application/json"), delivery.header("Content-Type"));
        JsonObject body = json(delivery.body());
        String id = body.getString("id");
        assertEquals(id, delivery.header("Humane-Event-Id"));
        assertEquals(id, delivery.header("webhook-id"));
        assertEquals(eventType, delivery.header("Humane-Event-Type"));
        assertEquals(eventType, body.getString("type"));
        assertNotNull(body.getString("tenant_id"));
        Instant.parse(body.getString("created_at"));
        assertNotNull(body.getJsonObject("data"));

        String timestamp = delivery.header("webhook-timestamp");
        long age = Instant.now().getEpochSecond() - Long.parseLong(timestamp);
        assertTrue(age >= -5 && age <= 300, "timestamp " + timestamp + " is " + age + " s old");
        List<String> humane = humaneSignatures(delivery.header("Humane-Signature"), timestamp);
        List<String> standard = standardSignatures(delivery.header("webhook-signature"));
        assertEquals(secrets.size(), humane.size(), delivery.header("Humane-Signature"));
        assertEquals(secrets.size(), standard.size(), delivery.header("webhook-signature"));
        for (String secret : secrets) {
            String expectedHex = HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8),
                    concat(timestamp + ".", delivery.body())));
            assertTrue(humane.stream().anyMatch(v -> same(v, expectedHex)), "Humane-Signature does not prove a secret");
            String expectedBase64 = Base64.getEncoder().encodeToString(hmac(
                    Base64.getDecoder().decode(secret.substring("whsec_".length())),
                    concat(id + "." + timestamp + ".", delivery.body())));
            assertTrue(standard.stream().anyMatch(v -> same(v, expectedBase64)), "webhook-signature does not prove a secret");
        }
        return body;
    }

    private static List<String> humaneSignatures(String header, String timestamp) {
        assertNotNull(header, "Humane-Signature is missing");
        String[] parts = header.split(",");
        assertEquals("t=" + timestamp, parts[0], "Humane-Signature's t must be webhook-timestamp");
        List<String> signatures = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            assertTrue(parts[i].matches("v1=[0-9a-f]{64}"), parts[i]);
            signatures.add(parts[i].substring(3));
        }
        return signatures;
    }

    private static List<String> standardSignatures(String header) {
        assertNotNull(header, "webhook-signature is missing");
        List<String> signatures = new ArrayList<>();
        for (String entry : header.split(" ")) {
            assertTrue(entry.startsWith("v1,"), entry);
            signatures.add(entry.substring(3));
        }
        return signatures;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    static JsonObject json(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }
}
