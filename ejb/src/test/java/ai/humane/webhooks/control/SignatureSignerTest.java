package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.webhooks.verifier.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The signer against the customers' verifier, an independent implementation of api.md. */
class SignatureSignerTest {

    private static final long T = 1_900_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(T + 5);
    private static final byte[] BODY = "{\"id\":\"e\",\"type\":\"webhook.test\",\"data\":{\"ä\":1}}"
            .getBytes(StandardCharsets.UTF_8);

    private final SignatureSigner signer = new SignatureSigner();
    private final UUID eventId = UUID.randomUUID();

    @Test
    void bothSchemesVerifyWithTheEndpointSecret() {
        String secret = SigningSecret.generate();
        Map<String, String> headers = signer.headers(eventId, "webhook.test", T, BODY, List.of(secret));

        assertEquals(WebhookVerifier.Scheme.HUMANE_SIGNATURE, WebhookVerifier.verify(headers, BODY, List.of(secret), NOW));
        assertEquals(WebhookVerifier.Scheme.STANDARD_WEBHOOKS,
                WebhookVerifier.verify(withoutHumaneSignature(headers), BODY, List.of(secret), NOW));
        assertEquals(eventId.toString(), headers.get("Humane-Event-Id"));
        assertEquals(eventId.toString(), headers.get("webhook-id"));
        assertEquals("webhook.test", headers.get("Humane-Event-Type"));
        assertEquals(Long.toString(T), headers.get("webhook-timestamp"));
        assertEquals("application/json", headers.get("Content-Type"));
    }

    @Test
    void duringARotationEachSecretAloneVerifies() {
        String current = SigningSecret.generate();
        String previous = SigningSecret.generate();
        Map<String, String> headers = signer.headers(eventId, "end_user.created", T, BODY, List.of(current, previous));

        assertTrue(headers.get("Humane-Signature").matches("t=" + T + ",v1=[0-9a-f]{64},v1=[0-9a-f]{64}"),
                headers.get("Humane-Signature"));
        assertTrue(headers.get("webhook-signature").matches("v1,[A-Za-z0-9+/=]{44} v1,[A-Za-z0-9+/=]{44}"),
                headers.get("webhook-signature"));
        for (String secret : List.of(current, previous)) {
            WebhookVerifier.verify(headers, BODY, List.of(secret), NOW);
            WebhookVerifier.verify(withoutHumaneSignature(headers), BODY, List.of(secret), NOW);
        }
    }

    @Test
    void aTamperedBodyOrAnotherSecretIsRejected() {
        String secret = SigningSecret.generate();
        Map<String, String> headers = signer.headers(eventId, "webhook.test", T, BODY, List.of(secret));
        byte[] tampered = "{\"id\":\"f\"}".getBytes(StandardCharsets.UTF_8);

        assertThrows(WebhookVerifier.Rejected.class, () -> WebhookVerifier.verify(headers, tampered, List.of(secret), NOW));
        assertThrows(WebhookVerifier.Rejected.class,
                () -> WebhookVerifier.verify(headers, BODY, List.of(SigningSecret.generate()), NOW));
    }

    @Test
    void aSecretIsWhsecAndTheBase64OfThirtyTwoRandomBytes() {
        String secret = SigningSecret.generate();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        assertEquals(32, SigningSecret.standardKey(secret).length);
    }

    @Test
    void refusesToSignWithoutASecret() {
        assertThrows(IllegalArgumentException.class, () -> signer.headers(eventId, "webhook.test", T, BODY, List.of()));
    }

    private static Map<String, String> withoutHumaneSignature(Map<String, String> headers) {
        Map<String, String> standard = new HashMap<>(headers);
        standard.remove("Humane-Signature");
        return standard;
    }
}
