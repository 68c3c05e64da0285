package ai.humane.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OpenAI-compatible Chat Completions server on 127.0.0.1, one per test JVM, on the shared server's
 * outbound allow-list beside the webhook receiver. Each test takes paths of its own that answer one way
 * (a good answer, slowly, 429 then good, always 500, malformed JSON, an answer against the schema, more than
 * 10 MiB, a redirect to the metadata address); every request is kept for the test to check.
 */
public final class FakeProvider {

    /** LLM_DEADLINE_SECONDS of the shared server. */
    public static final int DEADLINE_SECONDS = 3;

    public enum Behaviour { GOOD, SLOW, THROTTLED_TWICE, FAILING, MALFORMED, AGAINST_SCHEMA, HUGE, REDIRECT_TO_METADATA,
        /** A good answer with three extra members whose names are 120 characters of {@link #LONG_NAME}. */
        LONG_UNKNOWN_NAMES }

    /** What the extra members' names are made of (LONG_UNKNOWN_NAMES). */
    public static final String LONG_NAME = "ignore-previous-instructions-";

    /** One request: when, its Authorization header and body. */
    public record Received(String path, Instant at, String authorization, String body) {
    }

    private static FakeProvider shared;

    private final HttpServer server;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private FakeProvider() {
        server = LoopbackHttpServer.start("fake-llm-provider", 32, this::handle);
    }

    public static synchronized FakeProvider shared() {
        if (shared == null) {
            shared = new FakeProvider();
        }
        return shared;
    }

    public static String allowList() {
        return LoopbackHttpServer.allowList(shared().server);
    }

    /** The Chat Completions URL of a fresh path that answers as {@code behaviour}. */
    public String url(Behaviour behaviour) {
        String path = "/v1/" + UUID.randomUUID() + "/chat/completions";
        behaviours.put(path, behaviour);
        return "http://" + allowList() + path;
    }

    public List<Received> at(String url) {
        String path = url.substring(url.indexOf("/v1/"));
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(path, Instant.now(), exchange.getRequestHeaders().getFirst("Authorization"), body));
            answer(exchange, behaviours.getOrDefault(path, Behaviour.FAILING), path);
        }
    }

    private void answer(HttpExchange exchange, Behaviour behaviour, String path) throws IOException {
        switch (behaviour) {
            case GOOD -> send(exchange, 200, completion(GOOD_CONTENT));
            case SLOW -> {
                pause(DEADLINE_SECONDS * 2000L);
                send(exchange, 200, completion(GOOD_CONTENT));
            }
            case THROTTLED_TWICE -> {
                if (at("http://x" + path).size() <= 2) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    send(exchange, 429, "{\"error\":{\"message\":\"slow down\"}}");
                } else {
                    send(exchange, 200, completion(GOOD_CONTENT));
                }
            }
            case FAILING -> send(exchange, 500, "{\"error\":{\"message\":\"internal\"}}");
            case MALFORMED -> send(exchange, 200, "{\"choices\": [ {\"message\": ");
            case AGAINST_SCHEMA -> send(exchange, 200, completion(GOOD_CONTENT.replace("-0.6", "7")));
            case LONG_UNKNOWN_NAMES -> send(exchange, 200, completion(GOOD_CONTENT.replace("{\"sentiment\"",
                    "{\"" + ("a" + LONG_NAME.repeat(5)).substring(0, 120) + "\":1,\"" + ("b" + LONG_NAME.repeat(5)).substring(0, 120)
                            + "\":2,\"" + ("c" + LONG_NAME.repeat(5)).substring(0, 120) + "\":3,\"sentiment\"")));
            case HUGE -> huge(exchange);
            case REDIRECT_TO_METADATA -> {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                send(exchange, 307, "");
            }
        }
    }

    static final String GOOD_CONTENT = "{\"sentiment\":{\"score\":-0.6,\"label\":\"negative\"},\"emotions\":{\"joy\":0,"
            + "\"sadness\":0.2,\"anger\":0.8,\"fear\":0,\"surprise\":0,\"disgust\":0},\"flags\":[\"frustration\"],\"language\":\"en\"}";

    private static String completion(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"" + escaped + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":321,\"completion_tokens\":45,\"total_tokens\":366}}";
    }

    /** Ten MiB and one byte of valid JSON, streamed. */
    private static void huge(HttpExchange exchange) throws IOException {
        int size = 10 * 1024 * 1024 + 1;
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, size);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] spaces = new byte[64 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            out.write('{');
            int left = size - 2;
            while (left > 0) {
                int n = Math.min(left, spaces.length);
                out.write(spaces, 0, n);
                left -= n;
            }
            out.write('}');
        } catch (IOException e) {
            // The client stops reading at the cap: expected.
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
