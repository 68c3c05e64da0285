import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed webhook deliveries per second and event-to-receipt latency, beside a plain HttpClient
 * posting payloads of the same size to the same loopback receiver (the ceiling on this machine).
 * Usage: java WebhookThroughput.java BASE_URL API_KEY RECEIVER_PORT EVENTS
 */
public class WebhookThroughput {



    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int port = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        Map<String, Long> received = new ConcurrentHashMap<>();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(events);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body);
            Matcher id = Pattern.compile("\"external_id\"\\s*:\\s*\"(bench-[0-9]+)\"").matcher(text);
            if (id.find() && received.putIfAbsent(id.group(1), System.nanoTime()) == null) {
                sizes.add(body.length);
                all.countDown();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            post(http, base + "/api/v1/webhooks/endpoints", key,
                    "{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"events\":[\"end_user.created\"]}");
            Map<String, Long> created = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            var pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < events; i++) {
                String externalId = "bench-" + i;
                pool.submit(() -> {
                    post(http, base + "/api/v1/end-users", key, "{\"external_id\":\"" + externalId + "\"}");
                    created.put(externalId, System.nanoTime());
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.MINUTES);
            boolean complete = all.await(5, TimeUnit.MINUTES);
            long end = received.values().stream().mapToLong(Long::longValue).max().orElse(start);
            List<Long> latencies = new ArrayList<>();
            received.forEach((id, at) -> latencies.add(at - created.getOrDefault(id, at)));
            Collections.sort(latencies);
            double signedPerSecond = received.size() / ((end - start) / 1e9);
            System.out.printf("signed deliveries: %d of %d in %.1f s = %.1f/s%s%n", received.size(), events,
                    (end - start) / 1e9, signedPerSecond, complete ? "" : " (INCOMPLETE)");
            // The producer bounds the signed rate: deliveries cannot outrun the API calls that make the events.
            long produced = created.values().stream().mapToLong(Long::longValue).max().orElse(start);
            System.out.printf("events made through the API (4 at a time): %d in %.1f s = %.1f/s%n", created.size(),
                    (produced - start) / 1e9, created.size() / ((produced - start) / 1e9));
            System.out.printf("event-to-receipt latency: p50 %.0f ms, p99 %.0f ms%n",
                    percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6);
            double plainPerSecond = plain(http, port, events, sizes.isEmpty() ? 400 : sizes.get(0));
            System.out.printf("plain HttpClient posts: %.1f/s%n", plainPerSecond);
            System.out.printf("ratio signed / plain: %.3f%n", signedPerSecond / plainPerSecond);
        } finally {
            receiver.stop(0);
        }
        System.exit(0);
    }

    /** The ceiling: the same number of same-sized posts to the same receiver, 16 at a time. */
    private static double plain(HttpClient http, int port, int count, int size) throws Exception {
        String body = "{\"padding\":\"" + "x".repeat(Math.max(0, size - 14)) + "\"}";
        var pool = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/plain"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static String post(HttpClient http, String url, String key, String json) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
