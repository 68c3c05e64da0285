package ai.humane.webhooks.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.humane.webhooks.verifier.WebhookVerifier.Reason;
import ai.humane.webhooks.verifier.WebhookVerifier.Rejected;
import ai.humane.webhooks.verifier.WebhookVerifier.Scheme;

class WebhookVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD_SECRET = "whsec_c2VjcmV0LWJlZm9yZS10aGUtcm90YXRpb24=";
    private static final String OTHER_SECRET = "whsec_YW5vdGhlci1lbmRwb2ludHMtc2VjcmV0";
    private static final long T = 1_767_225_600L;
    private static final Instant NOW = Instant.ofEpochSecond(T + 10);
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsAFreshDeliveryByItsHumaneSignature() {
        Map<String, String> headers = ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET);

        assertEquals(Scheme.HUMANE_SIGNATURE, WebhookVerifier.verify(headers, BODY, List.of(SECRET), NOW));
    }

    @Test
    void acceptsStandardWebhooksHeadersAlone() {
        Map<String, String> headers = ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET);

        assertEquals(Scheme.STANDARD_WEBHOOKS, WebhookVerifier.verify(headers, BODY, List.of(SECRET), NOW));
    }

    /** Values computed with openssl, outside Java, so neither the verifier nor the reference signer is trusted. */
    @Test
    void matchesSignaturesComputedWithOpenssl() {
        String humane = "t=" + T + ",v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540";
        Map<String, String> standard = Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(T),
                "webhook-signature", "v1,kcapbAQ601EPnHr74CoJoAyE/pGqCzzQsNok1eTKfwo=");

        WebhookVerifier.verifyHumaneSignature(humane, BODY, List.of(SECRET), NOW);
        assertEquals(Scheme.STANDARD_WEBHOOKS, WebhookVerifier.verify(standard, BODY, List.of(SECRET), NOW));
    }

    @Test
    void acceptsHeaderNamesInAnyCase() {
        Map<String, String> headers = Map.of("humane-signature", ReferenceSigner.humaneSignature(T, BODY, SECRET));

        assertEquals(Scheme.HUMANE_SIGNATURE, WebhookVerifier.verify(headers, BODY, List.of(SECRET), NOW));
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = "{\"id\":\"evt_1\",\"type\":\"webhook.tesT\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> humane = ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET);
        Map<String, String> standard = ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET);

        assertRejected(Reason.SIGNATURE_MISMATCH, humane, tampered, List.of(SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, standard, tampered, List.of(SECRET), NOW);
    }

    @Test
    void rejectsATamperedSignature() {
        String good = ReferenceSigner.humaneSignature(T, BODY, SECRET);
        String flipped = good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0");
        Map<String, String> standard = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET));
        standard.put("webhook-signature", "v1," + "A".repeat(43) + "=");

        assertRejected(Reason.SIGNATURE_MISMATCH, Map.of("Humane-Signature", flipped), BODY, List.of(SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, standard, BODY, List.of(SECRET), NOW);
    }

    @Test
    void rejectsATimestampChangedAfterSigning() {
        String signature = ReferenceSigner.humaneSignature(T, BODY, SECRET).replace("t=" + T, "t=" + (T + 5));
        Map<String, String> standard = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET));
        standard.put("webhook-timestamp", Long.toString(T + 5));

        assertRejected(Reason.SIGNATURE_MISMATCH, Map.of("Humane-Signature", signature), BODY, List.of(SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, standard, BODY, List.of(SECRET), NOW);
    }

    @Test
    void rejectsTimestampOlderThanFiveMinutes() {
        Instant later = Instant.ofEpochSecond(T + 301);

        assertRejected(Reason.TIMESTAMP_TOO_OLD, ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET), BODY,
                List.of(SECRET), later);
        assertRejected(Reason.TIMESTAMP_TOO_OLD, ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET), BODY,
                List.of(SECRET), later);
    }

    @Test
    void acceptsTimestampExactlyFiveMinutesAwayEitherWay() {
        Map<String, String> headers = ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET);

        WebhookVerifier.verify(headers, BODY, List.of(SECRET), Instant.ofEpochSecond(T + 300));
        WebhookVerifier.verify(headers, BODY, List.of(SECRET), Instant.ofEpochSecond(T - 300));
    }

    @Test
    void rejectsTimestampMoreThanFiveMinutesInTheFuture() {
        Instant earlier = Instant.ofEpochSecond(T - 301);

        assertRejected(Reason.TIMESTAMP_IN_FUTURE, ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET), BODY,
                List.of(SECRET), earlier);
        assertRejected(Reason.TIMESTAMP_IN_FUTURE, ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET), BODY,
                List.of(SECRET), earlier);
    }

    @Test
    void acceptsEitherSecretWhileARotationSignsWithBoth() {
        Map<String, String> rotating = ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET, OLD_SECRET);
        Map<String, String> standard = ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET, OLD_SECRET);

        for (List<String> secrets : List.of(List.of(SECRET), List.of(OLD_SECRET), List.of(OTHER_SECRET, OLD_SECRET))) {
            WebhookVerifier.verify(rotating, BODY, secrets, NOW);
            WebhookVerifier.verify(standard, BODY, secrets, NOW);
        }
        assertRejected(Reason.SIGNATURE_MISMATCH, rotating, BODY, List.of(OTHER_SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, standard, BODY, List.of(OTHER_SECRET), NOW);
    }

    @Test
    void acceptsTheOldSecretAloneWhileTheReceiverStillListsIt() {
        Map<String, String> oldOnly = ReferenceSigner.deliveryHeaders("evt_1", T, BODY, OLD_SECRET);

        WebhookVerifier.verify(oldOnly, BODY, List.of(SECRET, OLD_SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, oldOnly, BODY, List.of(SECRET), NOW);
    }

    @Test
    void ignoresSignatureVersionsItDoesNotKnow() {
        String humane = "t=" + T + ",v0=deadbeef," + ReferenceSigner.humaneSignature(T, BODY, SECRET).split(",")[1];
        Map<String, String> standard = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET));
        standard.put("webhook-signature", "v1a,c29tZXRoaW5nIGVsc2U= " + standard.get("webhook-signature"));

        WebhookVerifier.verifyHumaneSignature(humane, BODY, List.of(SECRET), NOW);
        WebhookVerifier.verify(standard, BODY, List.of(SECRET), NOW);
    }

    /** Rotations and proxies put several v1 in one header: a malformed one is skipped, any match accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"v1=", "v1=zz", "v1=1a2b", "v1=00000000000000000000000000000000000000000000000000000000000000000", "v1", "v1==", "garbage"})
    void acceptsAHumaneSignatureWhereAMalformedV1StandsBesideAMatchingOne(String malformed) {
        String good = ReferenceSigner.humaneSignature(T, BODY, SECRET).split(",")[1];

        WebhookVerifier.verifyHumaneSignature("t=" + T + "," + malformed + "," + good, BODY, List.of(SECRET), NOW);
        WebhookVerifier.verifyHumaneSignature("t=" + T + "," + good + "," + malformed, BODY, List.of(SECRET), NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,", "v1,not-base64!", "v1,c2hvcnQ=", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "v1"})
    void acceptsStandardWebhooksWhereAMalformedV1StandsBesideAMatchingOne(String malformed) {
        Map<String, String> headers = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET));
        String good = headers.get("webhook-signature");

        headers.put("webhook-signature", malformed + " " + good);
        assertEquals(Scheme.STANDARD_WEBHOOKS, WebhookVerifier.verify(headers, BODY, List.of(SECRET), NOW));
        headers.put("webhook-signature", good + " " + malformed);
        assertEquals(Scheme.STANDARD_WEBHOOKS, WebhookVerifier.verify(headers, BODY, List.of(SECRET), NOW));
    }

    @Test
    void refusesMalformedBesideNonMatchingAsAMismatchAndAllMalformedAsMalformed() {
        String other = ReferenceSigner.humaneSignature(T, BODY, OTHER_SECRET).split(",")[1];
        Map<String, String> standard = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, OTHER_SECRET));
        standard.put("webhook-signature", "v1,not-base64! " + standard.get("webhook-signature"));

        assertRejected(Reason.SIGNATURE_MISMATCH, Map.of("Humane-Signature", "t=" + T + ",v1=zz," + other), BODY,
                List.of(SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, standard, BODY, List.of(SECRET), NOW);
        assertRejected(Reason.MALFORMED_HEADER, Map.of("Humane-Signature", "t=" + T + ",v1=zz,v1=,v1"), BODY,
                List.of(SECRET), NOW);
        assertRejected(Reason.MALFORMED_HEADER, Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(T),
                "webhook-signature", "v1,not-base64! v1,c2hvcnQ="), BODY, List.of(SECRET), NOW);
    }

    /**
     * The server's signer must key each scheme the way the class Javadoc says. Both values were computed with
     * openssl using the other scheme's key (decoded bytes for Humane-Signature, the whole string for Standard
     * Webhooks): a signer that mixed the conventions up would produce exactly these, and they must fail.
     */
    @Test
    void refusesSignaturesKeyedWithTheOtherSchemesConvention() {
        String humaneKeyedWithDecodedBytes = "t=" + T + ",v1=46bdb174bffa31c1b6e1b3bf5d8dd6a76f8f3b274fff2714d728853952050a96";
        Map<String, String> standardKeyedWithWholeString = Map.of("webhook-id", "msg_1",
                "webhook-timestamp", Long.toString(T), "webhook-signature", "v1,Wsu/iM0AqmDgV1SlopMbDW/3mkQstknzP5gLySAGGFE=");

        assertRejected(Reason.SIGNATURE_MISMATCH, Map.of("Humane-Signature", humaneKeyedWithDecodedBytes), BODY,
                List.of(SECRET), NOW);
        assertRejected(Reason.SIGNATURE_MISMATCH, standardKeyedWithWholeString, BODY, List.of(SECRET), NOW);
    }

    @Test
    void humaneSignatureDecidesWhenBothFormsArePresent() {
        Map<String, String> headers = new LinkedHashMap<>(ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET));
        headers.put("Humane-Signature", ReferenceSigner.humaneSignature(T, BODY, OTHER_SECRET));

        assertRejected(Reason.SIGNATURE_MISMATCH, headers, BODY, List.of(SECRET), NOW);
    }

    @Test
    void rejectsARequestWithoutSignatureHeaders() {
        assertRejected(Reason.MISSING_HEADER, Map.of("Content-Type", "application/json"), BODY, List.of(SECRET), NOW);
        assertRejected(Reason.MISSING_HEADER, null, BODY, List.of(SECRET), NOW);
    }

    @Test
    void rejectsStandardWebhooksWithoutIdOrTimestamp() {
        Map<String, String> headers = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET));
        headers.remove("webhook-id");
        assertRejected(Reason.MISSING_HEADER, headers, BODY, List.of(SECRET), NOW);

        headers = new LinkedHashMap<>(ReferenceSigner.standardHeaders("evt_1", T, BODY, SECRET));
        headers.remove("webhook-timestamp");
        assertRejected(Reason.MISSING_HEADER, headers, BODY, List.of(SECRET), NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "t=1767225600", "v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540",
            "t=soon,v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540",
            "t=-1767225600,v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540",
            "t=1767225600,t=1767225601,v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540",
            "t=1767225600,v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a690854",
            "t=1767225600,v1=zz8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540",
            "t=1767225600;v1=1a8598db604b500c1e332df850025713b4f532a5f219da727b520c24a6908540"})
    void rejectsAGarbledHumaneSignatureWithAClearReason(String header) {
        Rejected rejected = assertRejected(Reason.MALFORMED_HEADER, Map.of("Humane-Signature", header), BODY,
                List.of(SECRET), NOW);

        assertFalse(rejected.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "v1,", "v1,not base64!", "v2,kcapbAQ601EPnHr74CoJoAyE/pGqCzzQsNok1eTKfwo="})
    void rejectsAGarbledWebhookSignatureWithAClearReason(String signature) {
        Map<String, String> headers = Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(T),
                "webhook-signature", signature);

        Rejected rejected = assertRejected(Reason.MALFORMED_HEADER, headers, BODY, List.of(SECRET), NOW);

        assertFalse(rejected.getMessage().isBlank());
    }

    @Test
    void refusesSecretsThatAreNotWhsecWithoutEchoingThem() {
        Map<String, String> headers = ReferenceSigner.deliveryHeaders("evt_1", T, BODY, SECRET);

        for (String bad : List.of("sk_live_TOPSECRETVALUE", "whsec_TOPSECRET!VALUE", "whsec_")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> WebhookVerifier.verify(headers, BODY, List.of(SECRET, bad), NOW));
            assertFalse(refused.getMessage().contains("TOPSECRET"), refused.getMessage());
            assertEquals("secret #2 is not whsec_ followed by base64", refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> WebhookVerifier.verify(headers, BODY, List.of(), NOW));
    }

    private static Rejected assertRejected(Reason reason, Map<String, String> headers, byte[] body,
            List<String> secrets, Instant now) {
        Rejected rejected = assertThrows(Rejected.class, () -> WebhookVerifier.verify(headers, body, secrets, now));
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        return rejected;
    }
}
