package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS pinning (N1): the guard's resolver is asked once per request, and the connection goes to the address
 * it answered then. The made-up name receiver.test exists only in the test's resolver, so a client that
 * looked the name up itself could not connect at all.
 */
class OutboundClientPinningTest {

    private static final String NAME = "receiver.test";

    private final OutboundClientReceiver receiver = OutboundClientReceiver.start();
    private final List<String> asked = new ArrayList<>();
    private final List<OutboundClient> clients = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (OutboundClient client : clients) {
            client.close();
        }
        receiver.close();
    }

    @Test
    void asksTheGuardsResolverOnceAndConnectsToItsAnswer() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.answer(204, new byte[0], false));
        OutboundClient client = client(loopbackOnceThenNothing());

        OutboundResponse response = client.post(url("/hook"), Map.of(), new byte[0]);

        assertEquals(204, response.status());
        assertEquals(List.of(NAME), asked);
        assertEquals(NAME + ":" + receiver.port(), receiver.arrivals().get(0).headers().getFirst("Host"));
    }

    /** The second answer would fail; it is never used for the first request, and every request asks anew. */
    @Test
    void checksEveryRequestAgainInsteadOfReusingAnEarlierAnswer() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.answer(204, new byte[0], false));
        OutboundClient client = client(loopbackOnceThenNothing());
        client.post(url("/hook"), Map.of(), new byte[0]);

        UrlNotAllowed refused = assertThrows(UrlNotAllowed.class, () -> client.post(url("/hook"), Map.of(), new byte[0]));

        assertEquals(Refusal.UNRESOLVABLE, refused.refusal());
        assertEquals(List.of(NAME, NAME), asked);
        assertEquals(1, receiver.arrivals().size());
    }

    @Test
    void asksExactlyOncePerRequest() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.answer(204, new byte[0], false));
        OutboundClient client = client(host -> {
            asked.add(host);
            return List.of(loopback(host));
        });

        for (int i = 0; i < 3; i++) {
            client.post(url("/hook"), Map.of(), new byte[0]);
        }

        assertEquals(List.of(NAME, NAME, NAME), asked);
    }

    @Test
    void resolverAnswersOnlyThePinnedHostAndPort() throws UnknownHostException {
        PinnedDnsResolver dns = new PinnedDnsResolver();
        InetAddress address = loopback(NAME);
        Decision decision = new Decision(URI.create("http://receiver.test:8089/hook"), List.of(address));

        assertThrows(UnknownHostException.class, () -> dns.resolve(NAME, 8089), "nothing pinned yet");
        try (PinnedDnsResolver.Pin pin = dns.pin(decision)) {
            assertEquals(List.of(new InetSocketAddress(address, 8089)), dns.resolve("RECEIVER.test", 8089));
            assertArrayEquals(new InetAddress[] {address}, dns.resolve(NAME));
            assertThrows(UnknownHostException.class, () -> dns.resolve("other.test", 8089));
            assertThrows(UnknownHostException.class, () -> dns.resolve(NAME, 8090));
            assertThrows(UnknownHostException.class, () -> dns.resolveCanonicalHostname("other.test"));
        }
        assertThrows(UnknownHostException.class, () -> dns.resolve(NAME, 8089), "pin was closed");
    }

    @Test
    void pinsOnlyForTheThreadSendingTheRequest() throws Exception {
        PinnedDnsResolver dns = new PinnedDnsResolver();
        Decision decision = new Decision(URI.create("http://receiver.test:8089/"), List.of(loopback(NAME)));

        try (PinnedDnsResolver.Pin pin = dns.pin(decision)) {
            CompletableFuture<List<InetSocketAddress>> elsewhere = CompletableFuture.supplyAsync(() -> {
                try {
                    return dns.resolve(NAME, 8089);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            });
            ExecutionException failed = assertThrows(ExecutionException.class, elsewhere::get);
            assertEquals(UnknownHostException.class, failed.getCause().getCause().getClass());
        }
    }

    /**
     * A kept-alive connection is reused for a request pinned to the same addresses, and not for one pinned
     * to others. On loopback alone, "other addresses" is 127.0.0.1 listed twice: a different pin all the same.
     */
    @Test
    void reusesAKeptAliveConnectionOnlyUnderTheSamePin() throws IOException {
        receiver.on("/hook", OutboundClientReceiver.answer(204, new byte[0], false));
        AtomicInteger calls = new AtomicInteger();
        OutboundClient client = client(host -> {
            InetAddress address = loopback(host);
            return calls.incrementAndGet() <= 2 ? List.of(address) : List.of(address, address);
        });

        for (int i = 0; i < 3; i++) {
            client.post(url("/hook"), Map.of(), new byte[0]);
        }

        List<Integer> ports = receiver.arrivals().stream().map(OutboundClientReceiver.Arrival::clientPort).toList();
        assertEquals(ports.get(0), ports.get(1), "same pin: the kept-alive connection is reused");
        assertNotEquals(ports.get(1), ports.get(2), "other pin: a new connection");
    }

    /** Pool keys only: these documentation addresses are never connected to. */
    @Test
    void keepsConnectionsMadeForDifferentAddressesApartInThePool() throws UnknownHostException {
        InetAddress first = InetAddress.getByAddress(NAME, new byte[] {(byte) 203, 0, 113, 14});
        InetAddress second = InetAddress.getByAddress(NAME, new byte[] {(byte) 203, 0, 113, 15});
        URI uri = URI.create("https://receiver.test/");

        assertNotEquals(PinnedDnsResolver.poolKey(new Decision(uri, List.of(first))),
                PinnedDnsResolver.poolKey(new Decision(uri, List.of(second))));
        assertEquals(PinnedDnsResolver.poolKey(new Decision(uri, List.of(first, second))),
                PinnedDnsResolver.poolKey(new Decision(uri, List.of(second, first))));
    }

    private OutboundClient client(HostResolver resolver) {
        PublicUrlGuard guard = new PublicUrlGuard(resolver, List.of(NAME + ":" + receiver.port()), false);
        OutboundClient client = new OutboundClient(guard);
        clients.add(client);
        return client;
    }

    private HostResolver loopbackOnceThenNothing() {
        AtomicInteger calls = new AtomicInteger();
        return host -> {
            asked.add(host);
            if (calls.incrementAndGet() > 1) {
                throw new UnknownHostException(host + " no longer resolves");
            }
            return List.of(loopback(host));
        };
    }

    private String url(String path) {
        return "http://" + NAME + ":" + receiver.port() + path;
    }

    private static InetAddress loopback(String host) throws UnknownHostException {
        return InetAddress.getByAddress(host, OutboundClientReceiver.LOOPBACK);
    }
}
