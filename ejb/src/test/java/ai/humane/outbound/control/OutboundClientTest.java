package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundClientTest {

    private static final HostResolver NO_DNS = host -> {
        throw new UnknownHostException(host);
    };

    private final OutboundClientReceiver receiver = OutboundClientReceiver.start();
    private final OutboundClientRecordingDns dns = new OutboundClientRecordingDns();
    private final OutboundClient client = new OutboundClient(
            new PublicUrlGuard(NO_DNS, List.of(receiver.authority()), false), OutboundLimits.production(), dns);

    @AfterEach
    void close() throws IOException {
        client.close();
        receiver.close();
    }

    @Test
    void deliversAPostWithItsBodyAndHeaders() throws IOException {
        receiver.on("/hooks/in", exchange -> {
            exchange.getResponseHeaders().add("X-Receipt", "r-1");
            OutboundClientReceiver.answer(202, "accepted".getBytes(StandardCharsets.UTF_8), false).handle(exchange);
        });
        byte[] body = "{\"id\":\"evt_1\",\"type\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);

        OutboundResponse response = client.post(receiver.url("/hooks/in?x=1"),
                Map.of("Content-Type", "application/json", "Humane-Signature", "t=1,v1=ab"), body);

        OutboundClientReceiver.Arrival arrival = receiver.arrivals().get(0);
        assertEquals("POST", arrival.method());
        assertEquals("/hooks/in?x=1", arrival.path());
        assertArrayEquals(body, arrival.body());
        assertEquals("application/json", arrival.headers().getFirst("Content-Type"));
        assertEquals("t=1,v1=ab", arrival.headers().getFirst("Humane-Signature"));
        assertEquals(receiver.authority(), arrival.headers().getFirst("Host"));
        assertEquals(202, response.status());
        assertEquals("accepted", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("r-1", response.header("x-receipt").orElseThrow());
        assertEquals(receiver.url("/hooks/in?x=1"), response.uri().toString());
        assertFalse(response.latency().isNegative() || response.latency().isZero());
    }

    @Test
    void sendsAGetWithoutBody() throws IOException {
        receiver.on("/metadata", OutboundClientReceiver.answer(200, "<xml/>".getBytes(StandardCharsets.UTF_8), true));

        OutboundResponse response = client.get(receiver.url("/metadata"), Map.of("Accept", "application/xml"));

        assertEquals("GET", receiver.arrivals().get(0).method());
        assertEquals(0, receiver.arrivals().get(0).body().length);
        assertEquals("<xml/>", response.excerpt(100));
        assertEquals("<xm", response.excerpt(3));
    }

    @Test
    void refusesAUrlTheGuardRefusesWithoutConnecting() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                "http://127.0.0.1:" + (receiver.port() == 1 ? 2 : receiver.port() - 1) + "/")) {
            UrlNotAllowed refused = assertThrows(UrlNotAllowed.class, () -> client.post(url, Map.of(), new byte[0]));
            assertEquals(Refusal.NON_PUBLIC_ADDRESS, refused.refusal(), url);
        }
        assertEquals(List.of(), dns.lookups());
    }

    @Test
    void connectsThroughThePinnedResolverOnly() throws IOException {
        receiver.on("/", OutboundClientReceiver.answer(204, new byte[0], false));

        client.post(receiver.url("/"), Map.of(), new byte[0]);

        assertEquals(List.of("127.0.0.1:" + receiver.port()), dns.lookups());
    }

    @Test
    void refusesHeadersThatFrameOrRouteTheRequest() {
        for (String name : List.of("Host", "content-length", "Transfer-Encoding", "Connection")) {
            assertThrows(IllegalArgumentException.class,
                    () -> client.post(receiver.url("/"), Map.of(name, "x"), new byte[0]), name);
        }
        assertTrue(receiver.arrivals().isEmpty());
    }
}
