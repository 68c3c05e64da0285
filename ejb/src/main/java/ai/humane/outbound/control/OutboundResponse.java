package ai.humane.outbound.control;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A complete response: status, headers (names in lower case), the body (never one cut at the size limit: see
 * {@link ResponseTooLarge}; its first {@link OutboundLimits#keptResponseBytes()} when the client keeps no more), the URI that answered (the last hop when redirects were followed) and the
 * latency from the start of the call, URL check included, to the last byte read, redirects included.
 */
public final class OutboundResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final URI uri;
    private final Duration latency;

    OutboundResponse(int status, Map<String, List<String>> headers, byte[] body, URI uri, Duration latency) {
        this.status = status;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
        this.uri = uri;
        this.latency = latency;
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, by name in any case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).map(values -> values.get(0));
    }

    public byte[] body() {
        return body.clone();
    }

    /** The first {@code maxBytes} of the body as UTF-8, for the Webhook Monitor's response excerpt. */
    public String excerpt(int maxBytes) {
        return new String(Arrays.copyOf(body, Math.min(maxBytes, body.length)), StandardCharsets.UTF_8);
    }

    public URI uri() {
        return uri;
    }

    public Duration latency() {
        return latency;
    }

    @Override
    public String toString() {
        return "OutboundResponse[" + status + " from " + uri + ", " + body.length + " bytes in " + latency + "]";
    }
}
