package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.stripe.exception.SignatureVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * W1 interoperability proven by code we did not write: the official Standard Webhooks library
 * ({@code com.standardwebhooks:standardwebhooks}) verifies our {@code webhook-*} headers, and stripe-java's
 * {@code Webhook.Signature} verifies {@code Humane-Signature}, each with the endpoint's secret as a customer
 * holds it, during a rotation with either secret alone, and each refuses a changed body or another secret.
 */
class IndependentVerifiersTest {

    private static final String BODY = "{\"id\":\"e\",\"type\":\"end_user.created\",\"data\":{\"name\":\"Zoë\"}}";
    private static final long TOLERANCE_SECONDS = 300;

    private final SignatureSigner signer = new SignatureSigner();
    private final long now = Instant.now().getEpochSecond();

    @Test
    void theStandardWebhooksLibraryVerifiesEachSecretOfARotation() throws Exception {
        String current = SigningSecret.generate();
        String previous = SigningSecret.generate();
        Map<String, List<String>> headers = asHttp(signed(List.of(current, previous)));
        for (String secret : List.of(current, previous)) {
            new Webhook(secret).verify(BODY, headers);
        }
    }

    @Test
    void theStandardWebhooksLibraryRefusesAChangedBodyOrAnotherSecret() throws Exception {
        String secret = SigningSecret.generate();
        Map<String, List<String>> headers = asHttp(signed(List.of(secret)));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(BODY.replace("Zoë", "Zoe"), headers));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(SigningSecret.generate()).verify(BODY, headers));
    }

    @Test
    void stripeJavaVerifiesTheHumaneSignatureWithEachSecretOfARotation() throws Exception {
        String current = SigningSecret.generate();
        String previous = SigningSecret.generate();
        String header = signed(List.of(current, previous)).get("Humane-Signature");
        for (String secret : List.of(current, previous)) {
            assertTrue(com.stripe.net.Webhook.Signature.verifyHeader(BODY, header, secret, TOLERANCE_SECONDS));
        }
    }

    @Test
    void stripeJavaRefusesAChangedBodyOrAnotherSecret() {
        String secret = SigningSecret.generate();
        String header = signed(List.of(secret)).get("Humane-Signature");
        assertThrows(SignatureVerificationException.class,
                () -> com.stripe.net.Webhook.Signature.verifyHeader(BODY + " ", header, secret, TOLERANCE_SECONDS));
        assertThrows(SignatureVerificationException.class,
                () -> com.stripe.net.Webhook.Signature.verifyHeader(BODY, header, SigningSecret.generate(), TOLERANCE_SECONDS));
    }

    private Map<String, String> signed(List<String> secrets) {
        return signer.headers(UUID.randomUUID(), "end_user.created", now, BODY.getBytes(StandardCharsets.UTF_8), secrets);
    }

    /** Headers as an HTTP library hands them over: the Standard Webhooks library reads lower-case names. */
    private static Map<String, List<String>> asHttp(Map<String, String> headers) {
        Map<String, List<String>> http = new HashMap<>();
        headers.forEach((name, value) -> http.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value)));
        return http;
    }
}
