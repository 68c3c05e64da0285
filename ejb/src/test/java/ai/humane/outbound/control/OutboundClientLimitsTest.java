package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * N2 with small numbers: a 64 KiB cap, a 300 ms read timeout and a 2 s deadline stand for 10 MiB, 30 s and 30 s.
 */
class OutboundClientLimitsTest {

    private static final int CAP = 64 * 1024;
    /** Far above the 300 ms limits, far below the receiver's 20 s hold: a limit that is not applied shows. */
    private static final Duration GIVES_UP_BY = Duration.ofSeconds(5);
    private static final HostResolver NO_DNS = host -> {
        throw new UnknownHostException(host);
    };

    private final OutboundClientReceiver receiver = OutboundClientReceiver.start();
    private final OutboundClient client = new OutboundClient(
            new PublicUrlGuard(NO_DNS, List.of(receiver.authority()), false),
            new OutboundLimits(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30), CAP, 0));

    @AfterEach
    void close() throws IOException {
        client.close();
        receiver.close();
    }

    @Test
    void productionLimitsAreFiveSecondsThirtySecondsThirtySecondsInAllAndTenMegabytes() {
        OutboundLimits production = OutboundLimits.production();

        assertEquals(Duration.ofSeconds(5), production.connectTimeout());
        assertEquals(Duration.ofSeconds(30), production.readTimeout());
        assertEquals(Duration.ofSeconds(30), production.deadline());
        assertEquals(10 * 1024 * 1024, production.maxResponseBytes());
        assertEquals(0, production.maxRedirects());
    }

    /**
     * Sixteen requests to one host are in flight at once (a webhook endpoint's widest lanes, an LLM engine's widest
     * bulkhead): the receiver answers none until all sixteen have arrived, so a pool of fewer connections per host
     * leaves the rest waiting for one until the client's 5 s deadline fails them. This client reads for 15 s: with the
     * others' 300 ms, the first request gave up when the sixteenth came 300 ms after it (16 threads starting cold on a
     * busy machine).
     */
    @Test
    void sixteenRequestsToOneHostAreInFlightAtOnce() throws Exception {
        int wide = 16;
        CountDownLatch arrived = new CountDownLatch(wide);
        receiver.on("/together", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.countDown();
            try {
                arrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        ExecutorService callers = Executors.newFixedThreadPool(wide);
        try (OutboundClient patient = new OutboundClient(new PublicUrlGuard(NO_DNS, List.of(receiver.authority()), false),
                new OutboundLimits(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), CAP, 0))) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < wide; i++) {
                answers.add(callers.submit(() -> patient.post(receiver.url("/together"), Map.of(), new byte[0]).status()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(204, answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void acceptsABodyOfExactlyTheCap() throws IOException {
        receiver.on("/fixed", OutboundClientReceiver.answer(200, bytes(CAP), false));
        receiver.on("/chunked", OutboundClientReceiver.answer(200, bytes(CAP), true));

        assertEquals(CAP, client.post(receiver.url("/fixed"), Map.of(), new byte[0]).body().length);
        assertEquals(CAP, client.post(receiver.url("/chunked"), Map.of(), new byte[0]).body().length);
    }

    @Test
    void refusesABodyOneByteOverTheCapWhateverItsFraming() {
        receiver.on("/fixed", OutboundClientReceiver.answer(200, bytes(CAP + 1), false));
        receiver.on("/chunked", OutboundClientReceiver.answer(200, bytes(CAP + 1), true));

        for (String path : List.of("/fixed", "/chunked")) {
            ResponseTooLarge refused = assertThrows(ResponseTooLarge.class,
                    () -> client.post(receiver.url(path), Map.of(), new byte[0]), path);
            assertEquals(200, refused.status());
            assertEquals(CAP, refused.limitBytes());
        }
    }

    /**
     * A client that keeps an excerpt (the webhooks' 2 KB) holds no more of an accepted body, which is still read to its
     * end and counted against the cap: one byte over is refused as before (W3; until 2026-12-07 each try held up to
     * 10 MiB to keep 2 KB).
     */
    @Test
    void aClientKeepingAnExcerptHoldsOnlyItAndStillRefusesABodyOverTheCap() throws IOException {
        receiver.on("/fixed", OutboundClientReceiver.answer(200, bytes(CAP), false));
        receiver.on("/chunked", OutboundClientReceiver.answer(200, bytes(CAP), true));
        receiver.on("/over", OutboundClientReceiver.answer(200, bytes(CAP + 1), true));
        try (OutboundClient excerpts = new OutboundClient(new PublicUrlGuard(NO_DNS, List.of(receiver.authority()), false),
                new OutboundLimits(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30), CAP, 0)
                        .keepingAtMost(2048))) {
            for (String path : List.of("/fixed", "/chunked")) {
                byte[] kept = excerpts.post(receiver.url(path), Map.of(), new byte[0]).body();
                assertEquals(2048, kept.length, path);
                assertArrayEquals(bytes(2048), kept, path);
            }
            assertThrows(ResponseTooLarge.class, () -> excerpts.post(receiver.url("/over"), Map.of(), new byte[0]));
        }
    }

    /** The client hangs up instead of draining: the sender fails long before it has written everything. */
    @Test
    void abandonsAnEndlessBodyInsteadOfDrainingIt() {
        long total = 512L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        receiver.on("/endless", OutboundClientReceiver.endless(total, written));

        assertThrows(ResponseTooLarge.class, () -> client.get(receiver.url("/endless"), Map.of()));

        assertTrue(written.get() < total / 4, written.get() + " bytes were taken from the sender");
    }

    @Test
    void timesOutWhenTheReceiverSendsNothing() {
        receiver.on("/silent", receiver.silent());

        assertTimeout(GIVES_UP_BY, () -> assertThrows(OutboundTimeout.class,
                () -> client.post(receiver.url("/silent"), Map.of(), new byte[0])));
    }

    @Test
    void timesOutWhenTheBodyStopsHalfway() {
        receiver.on("/stalled", receiver.stall(bytes(1024)));

        assertTimeout(GIVES_UP_BY, () -> assertThrows(OutboundTimeout.class,
                () -> client.get(receiver.url("/stalled"), Map.of())));
    }

    /** Each byte comes well within the read timeout; only the deadline on the whole exchange ends the answer. */
    @Test
    void abandonsABodyTrickledPastTheDeadline() throws Exception {
        assertTrickleIsCutOff(TricklingReceiver.TRICKLED_BODY);
    }

    @Test
    void abandonsHeadersTrickledPastTheDeadline() throws Exception {
        assertTrickleIsCutOff(TricklingReceiver.TRICKLED_HEADERS);
    }

    private static void assertTrickleIsCutOff(String answer) throws Exception {
        try (TricklingReceiver trickler = TricklingReceiver.start(answer, 20);
                OutboundClient patient = new OutboundClient(
                        new PublicUrlGuard(NO_DNS, List.of(trickler.authority()), false),
                        new OutboundLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), CAP, 0))) {

            OutboundTimeout timeout = assertThrows(OutboundTimeout.class,
                    () -> patient.post(trickler.url("/hook"), Map.of(), new byte[] {'{', '}'}));

            assertEquals("no complete answer within 2000 ms", timeout.getMessage());
            assertTrue(trickler.hungUpBeforeTheEnd(), "the client must hang up, not wait for the last byte");
            assertTrue(trickler.bytesSent() < answer.length(), trickler.bytesSent() + " bytes were taken");
        }
    }

    /**
     * A host whose name servers never answer: the lookup is given up when the exchange's deadline passes, not when
     * the system resolver gives up (its own bound here is an hour; broken once, the guard not told the time left: the
     * test's guard ran out), and reported as the timeout it is, not as a URL refused. Nothing is sent anywhere: the resolver is the test's own, and no address ever comes.
     */
    @Test
    void aLookupThatDoesNotAnswerEndsTheExchangeAtItsDeadline() throws IOException {
        CountDownLatch answers = new CountDownLatch(1);
        HostResolver silent = host -> {
            while (answers.getCount() > 0) {
                try {
                    answers.await();
                } catch (InterruptedException ignored) {
                    // as the system resolver: an interrupt does not end a lookup
                }
            }
            throw new UnknownHostException(host);
        };
        try (OutboundClient impatient = new OutboundClient(
                new PublicUrlGuard(new BoundedLookups(silent, Duration.ofHours(1)), List.of(), false),
                new OutboundLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300), CAP, 0))) {
            OutboundTimeout late = assertTimeoutPreemptively(GIVES_UP_BY, () -> assertThrows(OutboundTimeout.class,
                    () -> impatient.post("http://hooks.slow-dns.example/hook", Map.of(), new byte[] {'{', '}'})));
            assertTrue(late.getMessage().startsWith("no address for the host in time: hooks.slow-dns.example: no answer"
                    + " within "), "a call out of time, not a URL refused: " + late.getMessage());
        } finally {
            answers.countDown();
        }
    }

    /**
     * A loopback listener whose accept queue is full drops new SYNs, so a connect hangs as it would towards a
     * black-holed address, without sending a packet off this machine.
     */
    @Test
    void timesOutWhenNoConnectionCanBeMade() throws IOException {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByAddress(OutboundClientReceiver.LOOPBACK));
                OutboundClient impatient = new OutboundClient(
                        new PublicUrlGuard(NO_DNS, List.of("127.0.0.1:" + full.getLocalPort()), false),
                        new OutboundLimits(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(30), CAP, 0))) {
            assumeTrue(fillAcceptQueue(full, queued), "this kernel does not drop SYNs on a full accept queue");

            OutboundTimeout timeout = assertTimeout(GIVES_UP_BY, () -> assertThrows(OutboundTimeout.class,
                    () -> impatient.get("http://127.0.0.1:" + full.getLocalPort() + "/", Map.of())));

            assertTrue(timeout.getMessage().startsWith("no connection within 300 ms"), timeout.getMessage());
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    private static boolean fillAcceptQueue(ServerSocket listener, List<Socket> queued) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            queued.add(socket);
            try {
                socket.connect(listener.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException full) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }
}
