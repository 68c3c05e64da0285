package ai.humane.webhooks.boundary;

import ai.humane.testing.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on 127.0.0.1, one per test JVM, started before Payara Micro boots so that its
 * address can be on the application's outbound allow-list. Each test takes paths of its own and says
 * what each answers; every request is kept, raw, for the test to check.
 */
public final class WebhookReceiver {

    private static WebhookReceiver shared;

    private final HttpServer server;
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver() {
        // Threads for every sender of the server under test (16) and more: a slow path holds one while it waits.
        server = LoopbackHttpServer.start("webhook-receiver", 32, this::handle);
    }

    public static synchronized WebhookReceiver shared() {
        if (shared == null) {
            shared = new WebhookReceiver();
        }
        return shared;
    }

    /** The OUTBOUND_ALLOWLIST entry of this receiver. */
    public static String allowList() {
        return LoopbackHttpServer.allowList(shared().server);
    }

    /** A fresh path answering {@code status}. */
    public String path(int status) {
        String path = "/hooks/" + UUID.randomUUID();
        answers.put(path, status);
        return path;
    }

    /** A fresh path answering {@code status} only after {@code delay}: a slow receiver. */
    public String slowPath(int status, Duration delay) {
        String path = path(status);
        delays.put(path, delay);
        return path;
    }

    /** Requests to {@code path} from now on are answered at once; those already held still wait their time. */
    public void hurry(String path) {
        delays.remove(path);
    }

    public void answer(String path, int status) {
        answers.put(path, status);
    }

    /** Answers {@code status} with this body: what the receiver says lands in the Monitor's response excerpt. */
    public void answer(String path, int status, String body) {
        bodies.put(path, body);
        answers.put(path, status);
    }

    public String url(String path) {
        return "http://" + allowList() + path;
    }

    /** Waits (at most 30 s) until {@code count} requests reached {@code path}; answers them in order. */
    public List<Received> await(String path, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<Received> at = at(path);
            if (at.size() >= count) {
                return at;
            }
            pause();
        }
        throw new AssertionError("Expected " + count + " deliveries at " + path + " within 30 s, got " + at(path).size());
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.size() == 1 ? values.get(0) : String.join("\n", values)));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestMethod(), headers, body, Instant.now()));
            Duration delay = delays.get(path);
            if (delay != null) {
                sleep(delay);
            }
            int status = answers.getOrDefault(path, 404);
            byte[] answer = bodies.getOrDefault(path, "{\"received\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static void pause() {
        sleep(Duration.ofMillis(100));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request as it arrived: header names in lower case, the raw body. */
    public record Received(String path, String method, Map<String, String> headers, byte[] body, Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
