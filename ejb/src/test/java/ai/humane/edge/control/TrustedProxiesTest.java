package ai.humane.edge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8, 192.0.2.1, fd00::/8");

    @Test
    void withoutATrustedPeerTheHeaderIsIgnored() {
        assertEquals("203.0.113.5", proxies.client("203.0.113.5", "1.2.3.4"));
        assertEquals("203.0.113.5", TrustedProxies.of(null).client("203.0.113.5", "1.2.3.4"));
    }

    @Test
    void theRightMostUntrustedEntryIsTheClient() {
        assertEquals("198.51.100.7", proxies.client("10.1.2.3", "6.6.6.6, 198.51.100.7"));
        assertEquals("198.51.100.7", proxies.client("192.0.2.1", "6.6.6.6, 198.51.100.7, 10.4.4.4"));
        assertEquals("2001:db8::1", proxies.client("fd12::1", "2001:db8::1"));
    }

    @Test
    void garbageOrOnlyProxiesFallBackToTheLastTrustedHop() {
        assertEquals("10.4.4.4", proxies.client("10.1.2.3", "evil.example, 10.4.4.4"));
        assertEquals("10.1.2.3", proxies.client("10.1.2.3", "not-an-address"));
        assertEquals("10.1.2.3", proxies.client("10.1.2.3", null));
    }

    @Test
    void aBadSettingFailsLoudly() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of("proxy.internal"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of("10.0.0.0/33"));
    }
}
