package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class PublicUrlGuardModesTest {

    private final ScriptedResolver resolver = ScriptedResolver.fromFixture();

    @Test
    void productionRefusesPlainHttp() {
        PublicUrlGuard production = PublicUrlGuard.forProduction(resolver);

        UrlNotAllowed refusal = assertThrows(UrlNotAllowed.class, () -> production.check("http://example.com/"));

        assertEquals(Refusal.SCHEME, refusal.refusal());
        assertEquals("only https URLs are allowed", refusal.reason());
    }

    @Test
    void productionAcceptsHttpsToAPublicHost() {
        Decision decision = PublicUrlGuard.forProduction(resolver).check("https://hooks.example.org/in");

        assertEquals("https://hooks.example.org/in", decision.uri().toString());
    }

    @Test
    void productionGuardCannotHaveAnAllowList() {
        assertThrows(IllegalArgumentException.class,
                () -> new PublicUrlGuard(resolver, List.of("127.0.0.1:8089"), true));
    }

    @Test
    void allowListedLoopbackReceiversAreAcceptedOnTheirPortOnly() {
        PublicUrlGuard guard = new PublicUrlGuard(resolver,
                List.of("127.0.0.1:8089", "LOCALHOST:9000", "[::1]:8090"), false);

        assertEquals(List.of("127.0.0.1"), pinned(guard.check("http://127.0.0.1:8089/hook")));
        assertEquals(List.of("127.0.0.1"), pinned(guard.check("http://localhost:9000/")));
        assertEquals(List.of("0:0:0:0:0:0:0:1"), pinned(guard.check("https://[0:0:0:0:0:0:0:1]:8090/")));
        assertEquals(Refusal.NON_PUBLIC_ADDRESS, refusal(guard, "http://127.0.0.1:8090/"));
        assertEquals(Refusal.NON_PUBLIC_ADDRESS, refusal(guard, "http://127.0.0.1/"));
        assertEquals(Refusal.INTERNAL_NAME, refusal(guard, "http://localhost:9001/"));
    }

    @Test
    void allowListedHostKeepsEveryOtherRule() {
        PublicUrlGuard guard = new PublicUrlGuard(resolver, List.of("127.0.0.1:8089"), false);

        assertEquals(Refusal.USER_INFO, refusal(guard, "http://admin@127.0.0.1:8089/"));
        assertEquals(Refusal.SCHEME, refusal(guard, "ftp://127.0.0.1:8089/"));
        assertEquals(Refusal.NUMERIC_HOST, refusal(guard, "http://2130706433:8089/"));
    }

    @Test
    void allowListEntriesMustBeHostAndPort() {
        for (String entry : List.of("localhost", "http://localhost:1", "localhost:1/path", "127.1:80",
                "user@localhost:1", "localhost:0", "[::1]")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new PublicUrlGuard(resolver, List.of(entry), false), entry);
        }
    }

    private static List<String> pinned(Decision decision) {
        return decision.addresses().stream().map(InetAddress::getHostAddress).toList();
    }

    private static Refusal refusal(PublicUrlGuard guard, String url) {
        return assertThrows(UrlNotAllowed.class, () -> guard.check(url)).refusal();
    }
}
