package ai.humane.analysis.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.humane.crypto.control.KeyRing;
import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.PublicUrlGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A provider key this instance's Fernet ring does not open is tried again later, not answered by the lexicon at
 * once: during a key rotation rolled out instance by instance, the instance behind would otherwise turn every LLM
 * analysis it claims into a fallback for good (the analysis benchmark's second instance, with a ring of its own, did
 * exactly that to most of the queue). No call is made and none is counted; the tries used up, it falls back.
 */
class ProviderKeyRingTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aKeyTheRingDoesNotOpenIsRetriedWithoutACallThenFallsBackOnceTheTriesAreUsedUp() throws Exception {
        String sealedElsewhere = new KeyRing(KeyRing.generateKey()).encrypt("sk-provider");
        KeyRing ours = new KeyRing(KeyRing.generateKey());
        // No call may be made: the resolver, asked first by any call, fails the test.
        HostResolver nowhere = host -> {
            throw new AssertionError("a call was made for " + host);
        };
        try (OutboundClient client = new OutboundClient(new PublicUrlGuard(nowhere, List.of(), false))) {
            AnalysisWork work = new AnalysisWork(Lexicon.shared(),
                    new ProviderCall(client, new AnswerSchema(), Clock.fixed(NOW, ZoneOffset.UTC)),
                    new EngineGuards(4, 4, Duration.ofSeconds(30)), new RetryPolicy(3, Duration.ofSeconds(2)), ours::decrypt,
                    Clock.fixed(NOW, ZoneOffset.UTC));

            AnalysisWork.Retry first = assertInstanceOf(AnalysisWork.Retry.class, work.attempt(job(0, sealedElsewhere)));
            assertEquals(NOW.plusSeconds(2), first.at());
            assertFalse(first.tried(), "no call was made, so none is counted as a failed request");
            assertEquals("no key in FERNET_KEYS opens the provider key", first.reason());
            AnalysisWork.Retry second = assertInstanceOf(AnalysisWork.Retry.class, work.attempt(job(1, sealedElsewhere)));
            assertEquals(NOW.plusSeconds(4), second.at());

            AnalysisWork.FallBack last = assertInstanceOf(AnalysisWork.FallBack.class, work.attempt(job(2, sealedElsewhere)));
            assertEquals("no key in FERNET_KEYS opens the provider key", last.reason());
            assertFalse(last.tried());
        }
    }

    private static ClaimedAnalysis job(int attempts, String sealedKey) {
        MessageRef message = new MessageRef(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, null, NOW);
        return new ClaimedAnalysis(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), message, attempts,
                "a message", "https://provider.example/v1/chat/completions", sealedKey, null, true);
    }
}
