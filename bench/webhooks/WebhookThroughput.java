import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Signed webhook deliveries drained from a full queue, beside a bare Apache HttpClient posting the same bodies
 * (and headers) to the same loopback receiver, in one run; then event-to-receipt latency at a steady rate.
 *
 * <p>Drain: the receiver holds every request it gets until the gate opens, so the endpoint's lanes fill with
 * held deliveries and the dispatcher claims nothing more (a full lane is skipped) while EVENTS end users are made
 * through the API by PRODUCERS connections. Then the gate opens and the signed deliveries alone are timed, from the
 * opening to the last receipt. The product offers no pause of its own: a disabled endpoint gets no deliveries
 * queued at all, and a receiver that is down turns every delivery into a retry on the back-off schedule.
 *
 * <p>Steady: RATE end users a second for STEADY seconds, each request started at its slot (not when the previous
 * one answered); latency is from the slot to the receipt, so a producer that falls behind shows in it.
 *
 * <p>Usage: java -cp APACHE_JARS WebhookThroughput.java BASE_URL API_KEY RECEIVER_PORT EVENTS LANES RATE STEADY
 * [DRAIN_FLAG_FILE [WARM [WARM_DRAINS]]] (the file exists while the queue drains, for a profiler outside; WARM events
 * delivered through the open gate first, then WARM_DRAINS unmeasured drains of EVENTS each).
 */
public class WebhookThroughput {

    private static final Pattern EXTERNAL_ID = Pattern.compile("\"external_id\"\\s*:\\s*\"((?:bench|steady|warm|drain[0-9]+)-[0-9]+)\"");
    private static final int PRODUCERS = 8;

    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
    private final List<Request> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger held = new AtomicInteger();
    /** First receipts by the id's prefix ("warm-", "bench-", "steady-"): counted as they come, not by a scan. */
    private final Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
    /** The remote ports the signed deliveries and the bare client's posts came from: their connections. */
    private final Set<Integer> signedConnections = ConcurrentHashMap.newKeySet();
    private final Set<Integer> plainConnections = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    /** The longest a request is held at a closed gate, under the server's 30 s outbound deadline. */
    private static final int HOLD_SECONDS = 25;
    /** Held requests let go because their gate stayed closed for HOLD_SECONDS. */
    private final AtomicInteger releasedUnopened = new AtomicInteger();

    record Request(byte[] body, Map<String, String> headers) {
    }

    public static void main(String[] args) throws Exception {
        new WebhookThroughput().run(args);
        System.exit(0);
    }

    private void run(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int port = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int lanes = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int steadySeconds = Integer.parseInt(args[6]);
        Path flag = args.length > 7 && !args[7].isEmpty() ? Path.of(args[7]) : null;
        int warm = args.length > 8 ? Integer.parseInt(args[8]) : 0;
        int warmDrains = args.length > 9 ? Integer.parseInt(args[9]) : 0;
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        receiver.setExecutor(Executors.newFixedThreadPool(48));
        receiver.createContext("/hook", this::hook);
        // The bare client's requests get the same receiver work as the signed ones (the body read as text, the event's
        // id found and counted), in a map of their own: the receiver shares the 2 cores with the side measured.
        Map<String, AtomicInteger> plainCopies = new ConcurrentHashMap<>();
        receiver.createContext("/plain", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            Matcher id = EXTERNAL_ID.matcher(body);
            if (!body.contains("\"warm-") && id.find()) {
                plainConnections.add(exchange.getRemoteAddress().getPort());
                plainCopies.computeIfAbsent(id.group(1), k -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            post(api, base + "/api/v1/webhooks/endpoints", key,
                    "{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"events\":[\"end_user.created\"]}");

            // 0. Warm-up: events delivered through the open gate (the API's writes and the dispatcher's code compiled
            // before either is measured; the JIT keeps at this application for minutes, see bench/lib.sh).
            if (warm > 0) {
                long warming = System.nanoTime();
                make(api, base, key, "warm-", warm);
                boolean all = awaitReceipts("warm-", warm, Duration.ofMinutes(5));
                System.out.printf("warm-up: %d events made and delivered in %.1f s%s%n", warm,
                        (System.nanoTime() - warming) / 1e9, all ? "" : " (NOT ALL RECEIVED)");
            }

            // 0b. Unmeasured drains: the trickle above leaves the server's compilers busy through a drain of 5,000 (2.7-3.3 s
            // of compiling in a 3 s drain, bench/webhooks/REPORT.md): the drain's own paths (16 lanes at full speed, claims of
            // 64, tries recorded together) are compiled only when they run. Each is filled and drained as the measured one.
            for (int round = 1; round <= warmDrains; round++) {
                String prefix = "drain" + round + "-";
                held.set(0);
                long filling = System.nanoTime();
                make(api, base, key, prefix, events);
                awaitHeld(lanes);
                long opened = System.nanoTime();
                gate.countDown();
                boolean all = awaitReceipts(prefix, events, Duration.ofMinutes(5));
                // The lanes' requests are held while the queue fills: held past the outbound deadline (30 s) they are
                // given up and tried again, and the receiver counts both copies.
                System.out.printf("unmeasured drain %d: filled in %.1f s, %d events drained in %.2f s%s%n", round,
                        (opened - filling) / 1e9, events, (System.nanoTime() - opened) / 1e9, all ? "" : " (NOT ALL RECEIVED)");
                gate = new CountDownLatch(1);
            }

            // 1. Fill the queue behind a closed gate.
            held.set(0);
            long made = System.nanoTime();
            make(api, base, key, "bench-", events);
            double makeSeconds = (System.nanoTime() - made) / 1e9;
            System.out.printf("events made through the API (%d connections): %d in %.1f s = %.1f/s%n", PRODUCERS, events,
                    makeSeconds, events / makeSeconds);
            awaitHeld(lanes);
            System.out.printf("held at the closed gate: %d (the lanes), received before: %d%n", held.get(), received.size());

            // 2. Open it; time the signed deliveries alone.
            if (flag != null) {
                Files.writeString(flag, "draining");
                awaitWatcher(flag, ".ready");
            }
            long opened = System.nanoTime();
            Instant openedAt = Instant.now();
            gate.countDown();
            boolean complete = awaitReceipts("bench-", events, Duration.ofMinutes(5));
            long last = received.entrySet().stream().filter(e -> e.getKey().startsWith("bench-"))
                    .mapToLong(Map.Entry::getValue).max().orElse(opened);
            if (flag != null) {
                Files.deleteIfExists(flag);
                awaitWatcher(flag, ".done");
            }
            double signed = count("bench-") / ((last - opened) / 1e9);
            if (releasedUnopened.get() > 0) {
                System.out.printf("held requests let go after %d s at a closed gate, in all drains so far: %d%n", HOLD_SECONDS,
                        releasedUnopened.get());
            }
            System.out.printf("signed deliveries from a full queue: %d of %d in %.2f s = %.1f/s%s%n", count("bench-"),
                    events, (last - opened) / 1e9, signed, complete ? "" : " (INCOMPLETE)");
            System.out.printf("the drain: from %s to %s%n", openedAt, Instant.now());

            // 3. The bare client, same bodies and headers, same receiver, same width; then 16 wide.
            List<Request> same = new ArrayList<>(bodies);
            // Warmed like the server (whose warm-up delivered WARM events and drained WARM_DRAINS queues): as many passes
            // unmeasured, at least one (a pass of 5,000 takes a third of a second; the first ones run at half speed).
            for (int pass = 0; pass < Math.max(1, warmDrains); pass++) {
                plain(port, same, 16);
            }
            double plainSame = plain(port, same, lanes);
            double plainWide = plain(port, same, 16);
            System.out.printf("bare Apache HttpClient, %d at a time: %.1f/s%n", lanes, plainSame);
            System.out.printf("bare Apache HttpClient, 16 at a time: %.1f/s%n", plainWide);
            System.out.printf("ratio signed / bare at the same width (%d): %.3f%n", lanes, signed / plainSame);
            System.out.printf("ratio signed / bare 16 wide: %.3f%n", signed / plainWide);
            System.out.printf("connections the receiver saw: signed deliveries %d, bare client %d (%d passes)%n",
                    signedConnections.size(), plainConnections.size(), Math.max(1, warmDrains) + 2);

            // 4. Steady rate.
            steady(api, base, key, rate, steadySeconds);
            int duplicates = copies.values().stream().mapToInt(n -> n.get() - 1).sum();
            System.out.printf("duplicate receipts (at least once allows them): %d%n", duplicates);
        } finally {
            gate.countDown();
            receiver.stop(0);
        }
    }

    /** {@code count} end users made by PRODUCERS connections, their external ids {@code prefix} and a number. */
    private void make(HttpClient api, String base, String key, String prefix, int count) throws InterruptedException {
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        for (int i = 0; i < count; i++) {
            String externalId = prefix + i;
            producers.submit(() -> post(api, base + "/api/v1/end-users", key, "{\"external_id\":\"" + externalId + "\"}"));
        }
        producers.shutdown();
        if (!producers.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the events were not made within 5 minutes");
        }
    }

    private void hook(HttpExchange exchange) throws java.io.IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean warming = new String(body).contains("\"warm-");
        if (gate.getCount() > 0 && !warming) {
            held.incrementAndGet();
            try {
                // Released before the server's outbound deadline (30 s), which would give the request up and send it
                // again while this copy is still counted: a duplicate of the benchmark's making (a cold first fill
                // of 10,000 took 30.8 s and made two).
                if (!gate.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
                    releasedUnopened.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long at = System.nanoTime();
        Matcher id = EXTERNAL_ID.matcher(new String(body));
        if (id.find()) {
            copies.computeIfAbsent(id.group(1), k -> new AtomicInteger()).incrementAndGet();
            boolean first = received.putIfAbsent(id.group(1), at) == null;
            if (first) {
                firsts.computeIfAbsent(id.group(1).substring(0, id.group(1).indexOf('-') + 1), k -> new AtomicInteger())
                        .incrementAndGet();
            }
            if (first && id.group(1).startsWith("bench-")) {
                signedConnections.add(exchange.getRemoteAddress().getPort());
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> {
                    String lower = name.toLowerCase();
                    // The signature headers and the user agent; the body's type goes with the entity.
                    if (lower.startsWith("webhook-") || lower.startsWith("humane-") || lower.equals("user-agent")) {
                        headers.put(name, values.get(0));
                    }
                });
                bodies.add(new Request(body, headers));
            }
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** Events made at RATE a second for SECONDS, each at its own slot; latency from the slot to the receipt. */
    private void steady(HttpClient api, String base, String key, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] slots = new long[total];
        long[] answered = new long[total];
        ExecutorService producers = Executors.newFixedThreadPool(32);
        long start = System.nanoTime() + 200_000_000L;
        long period = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            slots[i] = start + i * period;
            long wait = slots[i] - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            producers.submit(() -> {
                post(api, base + "/api/v1/end-users", key, "{\"external_id\":\"steady-" + n + "\"}");
                answered[n] = System.nanoTime();
                return null;
            });
        }
        producers.shutdown();
        producers.awaitTermination(2, TimeUnit.MINUTES);
        double offered = total / ((System.nanoTime() - start) / 1e9);
        boolean complete = awaitReceipts("steady-", total, Duration.ofMinutes(2));
        List<Long> fromSlot = new ArrayList<>();
        List<Long> fromAnswer = new ArrayList<>();
        List<Long> apiTime = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Long at = received.get("steady-" + i);
            if (at != null) {
                fromSlot.add(at - slots[i]);
                fromAnswer.add(Math.max(0, at - answered[i]));
            }
            if (answered[i] != 0) {
                apiTime.add(answered[i] - slots[i]);
            }
        }
        Collections.sort(fromSlot);
        Collections.sort(fromAnswer);
        Collections.sort(apiTime);
        System.out.printf("steady: %d events at %d/s for %d s (all requests started within %.1f/s); received %d%s%n",
                total, rate, seconds, offered, fromSlot.size(), complete ? "" : " (INCOMPLETE)");
        System.out.printf("steady: slot to receipt p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", ms(fromSlot, 0.50),
                ms(fromSlot, 0.99), ms(fromSlot, 1.0));
        System.out.printf("steady: API answer to receipt p50 %.0f ms, p99 %.0f ms; API call itself p50 %.0f ms, p99 %.0f ms%n",
                ms(fromAnswer, 0.50), ms(fromAnswer, 0.99), ms(apiTime, 0.50), ms(apiTime, 0.99));
    }

    /** The same requests through a bare Apache HttpClient, {@code width} at a time, to the same receiver. */
    private static double plain(int port, List<Request> requests, int width) throws Exception {
        var pool = PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(width).setMaxConnTotal(width).build();
        try (CloseableHttpClient http = HttpClients.custom().setConnectionManager(pool).build()) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(width);
            long start = System.nanoTime();
            for (int t = 0; t < width; t++) {
                senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        HttpPost post = new HttpPost("http://127.0.0.1:" + port + "/plain");
                        requests.get(i).headers().forEach(post::addHeader);
                        post.setEntity(new ByteArrayEntity(requests.get(i).body(), ContentType.APPLICATION_JSON));
                        http.execute(post, response -> {
                            EntityUtils.consume(response.getEntity());
                            return response.getCode();
                        });
                    }
                    return null;
                });
            }
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
            return requests.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private void awaitHeld(int lanes) throws InterruptedException {
        // The lanes fill within the dispatcher's one-second trigger; a little longer on a loaded machine.
        for (int i = 0; i < 100 && held.get() < lanes; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(1500);
    }

    /** With run.sh's CPU or JFR watcher (DRAIN_WATCHED=1): waits, at most a minute, for its readings to be taken. */
    private static void awaitWatcher(Path flag, String suffix) throws InterruptedException {
        if (!"1".equals(System.getenv("DRAIN_WATCHED"))) {
            return;
        }
        Path signal = flag.resolveSibling(flag.getFileName() + suffix);
        for (int i = 0; i < 3000 && !Files.exists(signal); i++) {
            Thread.sleep(20);
        }
    }

    private boolean awaitReceipts(String prefix, int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(prefix) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return count(prefix) >= expected;
    }

    private long count(String prefix) {
        AtomicInteger counted = firsts.get(prefix);
        return counted == null ? 0 : counted.get();
    }

    private static String post(HttpClient http, String url, String key, String json) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            System.err.println(url + " answered " + answer.statusCode() + " " + answer.body());
            throw new IllegalStateException(url + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    private static double ms(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0
                : sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1))) / 1e6;
    }
}
