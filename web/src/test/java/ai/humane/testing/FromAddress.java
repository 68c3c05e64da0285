package ai.humane.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 from a chosen loopback source address with any method and headers, so a test can be a
 * distinct client (or a proxy) on one machine. One request per connection.
 */
public final class FromAddress {

    private final String source;
    private final int port;

    public FromAddress(String source, int port) {
        this.source = source;
        this.port = port;
    }

    /** The addresses {@link #fresh()} hands out: 127.[1-254].[0-255].[1-254], 254 · 256 · 254 of them. */
    private static final int FRESH = 254 * 256 * 254;

    /** The next one to hand out; it starts at random, so runs differ, and counts on, so no run repeats one. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(FRESH));

    /**
     * A loopback address no other test uses (127.x.y.z, never 127.0.y.z, where tests name their own): each call
     * of a run answers another one (until 16 million calls), rather than a random one that could repeat.
     */
    public static String fresh() {
        int n = Math.floorMod(NEXT.getAndIncrement(), FRESH);
        return "127." + (1 + n / (256 * 254)) + "." + (n / 254 % 256) + "." + (1 + n % 254);
    }

    /** One request; a body is sent as JSON unless {@code headers} name a Content-Type. */
    public Reply send(String method, String path, Map<String, String> headers, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " /" + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            // Byte for character, so chunk sizes (in bytes) line up; the body is decoded as UTF-8 after.
            return Reply.parse(all.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply get(String path, Map<String, String> headers) {
        return send("GET", path, headers, null);
    }

    /** POSTs JSON from {@code from} to 127.0.0.1:port. */
    public static Reply post(String from, int port, String path, String json) {
        return new FromAddress(from, port).send("POST", path, Map.of(), json);
    }

    /** Status, headers (names in lower case, first value) and the de-chunked body. */
    public record Reply(int status, Map<String, String> headers, String body) {

        static Reply parse(String raw) {
            int split = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, split).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = raw.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            return new Reply(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int end = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, end).split(";")[0].trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, end + 2, end + 2 + size);
                at = end + 2 + size + 2;
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as a JSON object (as {@code Api.Answer.json()}). */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        /** Retry-After in seconds, or -1 without one. */
        public int retryAfter() {
            String value = header("Retry-After");
            return value == null ? -1 : Integer.parseInt(value);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }
}
