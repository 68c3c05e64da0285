package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundClientRedirectTest {

    private static final HostResolver NO_DNS = host -> {
        throw new UnknownHostException(host);
    };
    private static final byte[] BODY = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);

    private final OutboundClientReceiver receiver = OutboundClientReceiver.start();
    private final OutboundClientReceiver other = OutboundClientReceiver.start();
    private final PublicUrlGuard guard = new PublicUrlGuard(NO_DNS, List.of(receiver.authority(), other.authority()), false);
    private final OutboundClientRecordingDns dns = new OutboundClientRecordingDns();
    private final OutboundClient noRedirects = new OutboundClient(guard, OutboundLimits.production(), dns);
    private final OutboundClient following = new OutboundClient(guard, OutboundLimits.production().followingRedirects(3), dns);

    @AfterEach
    void close() throws IOException {
        noRedirects.close();
        following.close();
        receiver.close();
        other.close();
    }

    @Test
    void returnsARedirectAsItCameByDefault() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.redirect(302, other.url("/moved")));
        other.on("/moved", OutboundClientReceiver.answer(200, BODY, false));

        OutboundResponse response = noRedirects.post(receiver.url("/hook"), Map.of(), BODY);

        assertEquals(302, response.status());
        assertEquals(other.url("/moved"), response.header("Location").orElseThrow());
        assertTrue(other.arrivals().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin",
            "http://[::ffff:169.254.169.254]/", "http://127.0.0.1:1/"})
    void refusesARedirectToAnAddressTheGuardRefusesWithoutConnectingToIt(String target) {
        receiver.on("/hook", OutboundClientReceiver.redirect(302, target));

        UrlNotAllowed refused = assertThrows(UrlNotAllowed.class, () -> following.get(receiver.url("/hook"), Map.of()));

        assertEquals(Refusal.NON_PUBLIC_ADDRESS, refused.refusal());
        assertTrue(refused.reason().startsWith("redirect refused: "), refused.reason());
        assertEquals(List.of(receiver.authority()), dns.lookups(), "connection attempts");
    }

    /** A loopback listener on a port the allow-list lacks: had the client connected, it would have been accepted. */
    @Test
    void neverOpensAConnectionToARefusedRedirectTarget() throws IOException {
        try (ServerSocket trap = new ServerSocket()) {
            trap.bind(new InetSocketAddress(InetAddress.getByAddress(OutboundClientReceiver.LOOPBACK), 0));
            trap.setSoTimeout(200);
            receiver.on("/hook", OutboundClientReceiver.redirect(307, "http://127.0.0.1:" + trap.getLocalPort() + "/"));

            assertThrows(UrlNotAllowed.class, () -> following.post(receiver.url("/hook"), Map.of(), BODY));

            assertThrows(SocketTimeoutException.class, trap::accept, "the trap received a connection");
        }
    }

    @Test
    void followsARelativeRedirectWhenAllowedRepeatingTheBodyOn307() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.redirect(307, "final?step=2"));
        receiver.on("/final", OutboundClientReceiver.answer(200, "done".getBytes(StandardCharsets.UTF_8), false));

        OutboundResponse response = following.post(receiver.url("/hook"), Map.of("Content-Type", "application/json"), BODY);

        assertEquals(200, response.status());
        assertEquals(receiver.url("/final?step=2"), response.uri().toString());
        OutboundClientReceiver.Arrival second = receiver.arrivals().get(1);
        assertEquals("POST", second.method());
        assertArrayEquals(BODY, second.body());
    }

    @Test
    void turnsAPostIntoAGetOn303() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.redirect(303, "/status"));
        receiver.on("/status", OutboundClientReceiver.answer(200, new byte[0], false));

        following.post(receiver.url("/hook"), Map.of("Content-Type", "application/json"), BODY);

        OutboundClientReceiver.Arrival second = receiver.arrivals().get(1);
        assertEquals("GET", second.method());
        assertEquals(0, second.body().length);
        assertNull(second.headers().getFirst("Content-Type"));
    }

    @Test
    void leavesCredentialsBehindWhenARedirectChangesOrigin() throws IOException {
        receiver.on("/v1/models", OutboundClientReceiver.redirect(302, other.url("/elsewhere")));
        other.on("/elsewhere", OutboundClientReceiver.answer(200, new byte[0], false));

        following.get(receiver.url("/v1/models"),
                Map.of("Authorization", "Bearer sk-provider-key", "x-api-key", "k", "Accept", "application/json"));

        OutboundClientReceiver.Arrival arrival = other.arrivals().get(0);
        assertNull(arrival.headers().getFirst("Authorization"));
        assertNull(arrival.headers().getFirst("x-api-key"));
        assertEquals("application/json", arrival.headers().getFirst("Accept"));
        assertEquals(List.of(receiver.authority(), other.authority()), dns.lookups());
    }

    @Test
    void stopsFollowingAfterTheConfiguredNumberOfRedirects() throws IOException {
        receiver.on("/loop", OutboundClientReceiver.redirect(302, "/loop"));

        OutboundResponse response = following.get(receiver.url("/loop"), Map.of());

        assertEquals(302, response.status());
        assertEquals(4, receiver.arrivals().size());
    }

    @Test
    void refusesAMalformedLocation() {
        receiver.on("/hook", OutboundClientReceiver.redirect(302, "http://exa mple.com/"));

        UrlNotAllowed refused = assertThrows(UrlNotAllowed.class, () -> following.get(receiver.url("/hook"), Map.of()));

        assertEquals(Refusal.MALFORMED, refused.refusal());
    }
}
