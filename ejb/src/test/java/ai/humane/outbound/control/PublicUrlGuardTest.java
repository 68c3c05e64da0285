package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PublicUrlGuardTest {

    /** Refusals that must be decided from the text alone, before any DNS question is asked. */
    private static final Set<Refusal> BEFORE_DNS = EnumSet.of(Refusal.MALFORMED, Refusal.SCHEME,
            Refusal.USER_INFO, Refusal.NUMERIC_HOST, Refusal.INTERNAL_NAME);

    private final ScriptedResolver resolver = ScriptedResolver.fromFixture();
    private final PublicUrlGuard guard = new PublicUrlGuard(resolver, List.of(), false);

    static Stream<Arguments> refusedCorpus() {
        return Corpus.refused().stream()
                .map(entry -> Arguments.of(entry.refusal(), named(Corpus.escape(entry.url()), entry.url())));
    }

    static Stream<Arguments> acceptedCorpus() {
        return Corpus.accepted().stream()
                .map(entry -> Arguments.of(named(Corpus.escape(entry.url()), entry.url()), entry.pinned()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedCorpus")
    void refusesEveryCorpusUrlForItsStatedReason(Refusal expected, String url) {
        UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> guard.check(url));

        assertEquals(expected, refusal.refusal(), refusal.reason());
        assertFalse(refusal.reason().isBlank());
        if (BEFORE_DNS.contains(expected)) {
            assertEquals(List.of(), resolver.asked(), "asked DNS although the text alone decides");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCorpus")
    void acceptsEveryCorpusUrlAndPinsExactlyTheCheckedAddresses(String url, List<String> pinned) {
        Decision decision = guard.check(url);

        List<String> expected = pinned.stream().map(text -> TestAddresses.parse(text).getHostAddress()).toList();
        assertEquals(expected, decision.addresses().stream().map(InetAddress::getHostAddress).toList());
        assertTrue(decision.addresses().stream().allMatch(NonPublicNetworks::isPublic));
        assertEquals(decision.host(), decision.host().toLowerCase());
    }

    @Test
    void corpusHoldsAtLeastHundredRefusedAndTwentyAcceptedUrls() {
        assertTrue(Corpus.refused().size() >= 100, "refused: " + Corpus.refused().size());
        assertTrue(Corpus.accepted().size() >= 20, "accepted: " + Corpus.accepted().size());
    }

    @Test
    void refusesMissingAndOversizedInputWithoutAskingDns() {
        String huge = "https://example.com/" + "a".repeat(1_000_000);

        for (String input : Arrays.asList(null, "", huge)) {
            assertEquals(Refusal.MALFORMED, assertThrows(UrlNotAllowed.class, () -> guard.check(input)).refusal());
        }
        assertEquals(List.of(), resolver.asked());
    }

    /**
     * A name that resolves to a private address is refused in the very words of one that does not resolve: told apart
     * (or with the block named, as before), a tenant admin could find out by trying names which ones the server's
     * resolver knows inside the network. The refusals stay apart for the server's own use.
     */
    @Test
    void aNameResolvingToAPrivateAddressReadsAsANameThatDoesNotResolve() {
        UrlNotAllowed internal = assertThrows(UrlNotAllowed.class, () -> guard.check("https://rebind.example.net/"));
        PublicUrlGuard nothingResolves = new PublicUrlGuard(host -> { throw new UnknownHostException(host); }, List.of(),
                false);
        UrlNotAllowed unknown = assertThrows(UrlNotAllowed.class, () -> nothingResolves.check("https://rebind.example.net/"));

        assertEquals(Refusal.NON_PUBLIC_ADDRESS, internal.refusal());
        assertEquals(Refusal.UNRESOLVABLE, unknown.refusal());
        assertEquals(unknown.reason(), internal.reason());
        assertEquals("host does not resolve to a public address", internal.reason());
    }

    @Test
    void aLiteralAddressIsRefusedNamingItsBlock() {
        UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> guard.check("https://10.1.2.3/"));

        assertEquals("host is a private address (10.0.0.0/8)", refusal.reason());
    }

    @Test
    void refusalOfAnEmbeddedIpv4AddressNamesBothBlocks() {
        UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> guard.check("http://[64:ff9b::a9fe:a9fe]/"));

        assertEquals("host is a link-local (cloud metadata) address (169.254.0.0/16) inside a NAT64 address"
                + " (64:ff9b::/96)", refusal.reason());
    }

    @Test
    void ipv6ZoneIdIsRefusedWithItsOwnReason() {
        for (String url : List.of("http://[fe80::1%25eth0]/", "https://[2606:4700:4700::1111%251]/")) {
            UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> guard.check(url));
            assertEquals("IPv6 zone ids are not allowed", refusal.reason());
        }
    }

    @Test
    void literalAddressesAreNeverResolved() {
        guard.check("https://8.8.8.8/");
        guard.check("https://[2606:4700:4700::1111]/");
        assertThrows(UrlNotAllowed.class, () -> guard.check("https://127.0.0.1/"));

        assertEquals(List.of(), resolver.asked());
    }

    @Test
    void internationalHostIsResolvedAndPassedOnInAscii() {
        Decision decision = guard.check("https://b\u00fccher.example/kontakt");

        assertEquals(List.of("xn--bcher-kva.example"), resolver.asked());
        assertEquals("https://xn--bcher-kva.example/kontakt", decision.uri().toString());
    }

    @Test
    void decisionUriKeepsPathQueryAndFragmentButNormalisesTheHost() {
        Decision decision = guard.check("HTTPS://Example.COM.:8443/a%2Fb/c?q=%20x&y#frag");

        assertEquals("https://example.com:8443/a%2Fb/c?q=%20x&y#frag", decision.uri().toString());
        assertEquals("example.com", decision.host());
        assertEquals(8443, decision.port());
    }

    @Test
    void decisionReportsDefaultPortsAndBareIpv6Hosts() {
        assertEquals(443, guard.check("https://example.com/").port());
        assertEquals(80, guard.check("http://example.com/").port());
        assertEquals("2606:4700:4700::1111", guard.check("http://[2606:4700:4700::1111]/").host());
    }

    @Test
    void everyWayTheResolverFailsBecomesARefusal() {
        List<HostResolver> failing = List.of(
                host -> { throw new UnknownHostException(host); },
                host -> { throw new SecurityException("no lookups here"); },
                host -> List.of(),
                host -> null,
                host -> { List<InetAddress> answer = new ArrayList<>(); answer.add(null); return answer; });

        assertAll(failing.stream().map(resolver -> () -> {
            PublicUrlGuard failingGuard = new PublicUrlGuard(resolver, List.of(), false);
            UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> failingGuard.check("https://example.com/"));
            assertEquals(Refusal.UNRESOLVABLE, refusal.refusal());
        }));
    }

    @Test
    void scopedAddressFromTheResolverIsRefused() throws UnknownHostException {
        byte[] publicV6 = TestAddresses.parse("2606:4700:4700:0000:0000:0000:0000:1111").getAddress();
        InetAddress scoped = Inet6Address.getByAddress(null, publicV6, 3);
        PublicUrlGuard scopedGuard = new PublicUrlGuard(host -> List.of(scoped), List.of(), false);

        UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> scopedGuard.check("https://example.com/"));

        assertEquals(Refusal.NON_PUBLIC_ADDRESS, refusal.refusal());
    }

    @Test
    void decisionAddressesCannotBeChangedAfterTheCheck() {
        Decision decision = guard.check("https://example.com/");

        assertThrows(UnsupportedOperationException.class, () -> decision.addresses().clear());
    }
}
