package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Throws seeded random input at the guard. A failure message names the seed and round; the run is
 * bounded by rounds, not by time, so it is the same on every machine.
 */
class PublicUrlGuardFuzzTest {

    private static final long SEED = 0x5eed_2026_11_29L;
    private static final int ROUNDS = 20_000;

    private final ScriptedResolver fixture = ScriptedResolver.fromFixture();
    private final HostResolver resolver = this::answer;
    private final PublicUrlGuard guard = new PublicUrlGuard(resolver, List.of(), false);
    private final PublicUrlGuard production = PublicUrlGuard.forProduction(resolver);

    @Test
    void randomInputIsRefusedCleanlyOrAcceptedWithOnlyPublicPinnedAddresses() throws Exception {
        RandomUrls urls = new RandomUrls(new Random(SEED), corpusUrls());
        int accepted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            RandomUrls.Sample sample = urls.next();
            String context = "seed 0x%x, round %d: %s".formatted(SEED, round, Corpus.escape(sample.url()));
            Decision decision = decide(guard, sample, context);
            if (decision != null) {
                accepted++;
            }
            Decision productionDecision = decide(production, sample, context);
            if (productionDecision != null) {
                assertEquals("https", productionDecision.uri().getScheme(), context);
            }
        }
        assertTrue(accepted > ROUNDS / 10, "too few acceptances to mean anything: " + accepted);
        assertTrue(accepted < ROUNDS * 9 / 10, "too few refusals to mean anything: " + (ROUNDS - accepted));
    }

    /** The accepted decision, or null when refused; anything but a clean refusal fails the test. */
    private Decision decide(PublicUrlGuard subject, RandomUrls.Sample sample, String context) throws Exception {
        Decision decision;
        try {
            decision = subject.check(sample.url());
        } catch (UrlNotAllowed refusal) {
            if (subject == guard) {
                assertNotEquals(RandomUrls.Expect.ACCEPT, sample.expect(), refusal.reason() + ": " + context);
            }
            assertNotNull(refusal.refusal(), context);
            assertTrue(!refusal.reason().isBlank() && refusal.reason().length() < 200, context);
            return null;
        } catch (RuntimeException | Error unexpected) {
            return fail("threw " + unexpected + " for " + context, unexpected);
        }
        assertNotEquals(RandomUrls.Expect.REFUSE, sample.expect(), "accepted: " + context);
        assertSafe(decision, context);
        return decision;
    }

    private void assertSafe(Decision decision, String context) throws UnknownHostException {
        for (InetAddress address : decision.addresses()) {
            assertTrue(NonPublicNetworks.isPublic(address), address + " pinned for " + context);
        }
        assertTrue(List.of("http", "https").contains(decision.uri().getScheme()), context);
        assertNull(decision.uri().getRawUserInfo(), context);
        assertNotNull(decision.uri().getHost(), context);
        if (!decision.uri().getHost().startsWith("[") && !Ipv4Literal.looksNumeric(decision.host())) {
            assertEquals(answer(decision.host()), decision.addresses(), "pinned other than checked: " + context);
        }
    }

    /** The fixture where it knows the name, otherwise addresses derived from the name: stable per name. */
    private List<InetAddress> answer(String host) throws UnknownHostException {
        if (fixture.knows(host)) {
            return fixture.resolve(host);
        }
        Random random = new Random(host.hashCode());
        RandomAddresses addresses = new RandomAddresses(random);
        int count = random.nextInt(4);
        if (count == 0) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> answer = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answer.add(random.nextBoolean() ? TestAddresses.of(addresses.ipv6()) : v4(addresses.ipv4()));
        }
        return answer;
    }

    private static InetAddress v4(long value) {
        return TestAddresses.of(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
            (byte) value});
    }

    private static List<String> corpusUrls() {
        return Stream.concat(Corpus.refused().stream().map(Corpus.Refused::url),
                Corpus.accepted().stream().map(Corpus.Accepted::url)).toList();
    }
}
