package ai.humane.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Speaks HTTP to the deployed WAR as a client would, always to 127.0.0.1 on the server's port, so test
 * traffic stays on loopback whatever address the URL it was given names.
 */
public final class Api {

    private final URI base;
    /** HTTP/1.1 as Caddy speaks to the API; the JDK's default would try an h2c upgrade on every request. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Api(URL deployment) {
        this.base = URI.create("http://127.0.0.1:" + deployment.getPort() + "/");
    }

    public Answer get(String path, String key) {
        return send(request(path, key).GET());
    }

    public Answer delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    public Answer post(String path, String key, String json) {
        return send(path, key, "POST", "application/json", json);
    }

    /** A JSON POST with an {@code Idempotency-Key} (A2). */
    public Answer postOnce(String path, String key, String idempotencyKey, String json) {
        return sendOnce("POST", path, key, idempotencyKey, json);
    }

    /** A JSON PATCH with an {@code Idempotency-Key} (A2). */
    public Answer patchOnce(String path, String key, String idempotencyKey, String json) {
        return sendOnce("PATCH", path, key, idempotencyKey, json);
    }

    private Answer sendOnce(String method, String path, String key, String idempotencyKey, String json) {
        return send(request(path, key).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer patch(String path, String key, String json) {
        return send(path, key, "PATCH", "application/json", json);
    }

    public Answer send(String path, String key, String method, String contentType, String body) {
        HttpRequest.Builder request = request(path, key).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    /** One response: status, headers and body, with the body readable as JSON. */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String problemType() {
            return json().getString("type");
        }

        public JsonValue field(String name) {
            return json().get(name);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
