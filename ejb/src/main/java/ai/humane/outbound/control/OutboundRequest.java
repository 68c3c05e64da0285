package ai.humane.outbound.control;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What is sent on one hop, and what of it a redirect carries on to the next. */
record OutboundRequest(String method, Map<String, String> headers, byte[] body) {

    /** Framing and routing belong to the client: a caller's Host header would not match the checked host. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "expect", "keep-alive", "proxy-connection");

    /** Carried to another origin; everything else (Authorization, API keys, signatures) stays behind. */
    private static final Set<String> CROSS_ORIGIN_SAFE = Set.of("accept", "accept-language", "content-type", "user-agent");

    OutboundRequest {
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        for (String name : headers.keySet()) {
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the client, not the caller");
            }
        }
    }

    /**
     * The request for the next hop, as browsers do it: 303, and 301/302 after a POST, become a GET without
     * body; 307/308 repeat method and body. Headers cross to another origin only when they carry no credential.
     */
    OutboundRequest redirected(int status, URI from, URI to) {
        boolean toGet = status == 303 || ((status == 301 || status == 302) && method.equals("POST"));
        Map<String, String> kept = new LinkedHashMap<>();
        boolean sameOrigin = origin(from).equals(origin(to));
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean bodyHeader = lower.startsWith("content-");
            if ((sameOrigin || CROSS_ORIGIN_SAFE.contains(lower)) && !(toGet && bodyHeader)) {
                kept.put(name, value);
            }
        });
        return toGet ? new OutboundRequest("GET", kept, null) : new OutboundRequest(method, kept, body);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
