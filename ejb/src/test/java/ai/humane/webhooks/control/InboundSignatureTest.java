package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** W2: inbound requests are verified like our deliveries, signed here by the signer our receivers trust. */
class InboundSignatureTest {

    private static final long T = 1_900_000_000L;
    private static final byte[] BODY = "{\"type\":\"crm.contact\"}".getBytes(StandardCharsets.UTF_8);

    private final String secret = SigningSecret.generate();

    @Test
    void acceptsTheSignatureOfAnActiveSecretWithinFiveMinutes() {
        String header = signed(T, secret);
        assertDoesNotThrow(() -> InboundSignature.verify(header, BODY, List.of(secret), Instant.ofEpochSecond(T + 300)));
        assertDoesNotThrow(() -> InboundSignature.verify(header, BODY, List.of(secret), Instant.ofEpochSecond(T - 300)));
    }

    @Test
    void rejectsTimestampOlderThanFiveMinutes() {
        assertThrows(SignatureRejected.class,
                () -> InboundSignature.verify(signed(T, secret), BODY, List.of(secret), Instant.ofEpochSecond(T + 301)));
    }

    @Test
    void rejectsATamperedBodyAndAnotherSecret() {
        Instant now = Instant.ofEpochSecond(T);
        assertThrows(SignatureRejected.class, () -> InboundSignature.verify(signed(T, secret),
                "{\"type\":\"other\"}".getBytes(StandardCharsets.UTF_8), List.of(secret), now));
        assertThrows(SignatureRejected.class,
                () -> InboundSignature.verify(signed(T, SigningSecret.generate()), BODY, List.of(secret), now));
    }

    @Test
    void duringARotationEitherSecretIsAccepted() {
        String previous = SigningSecret.generate();
        Instant now = Instant.ofEpochSecond(T);
        assertDoesNotThrow(() -> InboundSignature.verify(signed(T, previous), BODY, List.of(secret, previous), now));
        assertDoesNotThrow(() -> InboundSignature.verify(signed(T, secret), BODY, List.of(secret, previous), now));
    }

    @Test
    void rejectsMissingAndMalformedHeaders() {
        Instant now = Instant.ofEpochSecond(T);
        for (String header : new String[] {null, "", "t=" + T, "v1=00", "t=abc,v1=00", "t=" + T + ",v1=zz"}) {
            assertThrows(SignatureRejected.class, () -> InboundSignature.verify(header, BODY, List.of(secret), now), header);
        }
    }

    /** Several v1 arrive during rotations and through proxies: a malformed one is skipped, one match accepts. */
    @Test
    void aMalformedV1BesideAMatchingOneIsSkipped() {
        Instant now = Instant.ofEpochSecond(T);
        String good = signed(T, secret).split(",")[1];
        for (String malformed : new String[] {"v1=", "v1=zz", "v1=1a2b", "v1", "garbage"}) {
            assertDoesNotThrow(() -> InboundSignature.verify("t=" + T + "," + malformed + "," + good, BODY,
                    List.of(secret), now), malformed);
            assertDoesNotThrow(() -> InboundSignature.verify("t=" + T + "," + good + "," + malformed, BODY,
                    List.of(secret), now), malformed);
        }
        String other = signed(T, SigningSecret.generate()).split(",")[1];
        assertThrows(SignatureRejected.class, () -> InboundSignature.verify("t=" + T + ",v1=zz," + other, BODY,
                List.of(secret), now));
        assertThrows(SignatureRejected.class, () -> InboundSignature.verify("t=" + T + ",v1=zz,v1=", BODY,
                List.of(secret), now));
    }

    private static String signed(long t, String secret) {
        return new SignatureSigner().headers(UUID.randomUUID(), "crm.contact", t, BODY, List.of(secret)).get("Humane-Signature");
    }
}
