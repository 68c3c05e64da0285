package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.HttpTest;
import ai.humane.testing.MicroInstances;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * N3 on a live edge: Debian's Caddy runs {@code docker/Caddyfile} in front of the shared server, and a second
 * one in front of nothing (the API down). TLS 1.2 is refused and TLS 1.3 accepted, with and without SNI; plain
 * HTTP is redirected; every HTTPS answer (the API's, Caddy's own 404 and its 502 while the API is down) has
 * HSTS with preload, advertises HTTP/3 and names no server.
 */
class EdgeTransportIT extends HttpTest {

    private static final String HSTS = "max-age=31536000; includeSubDomains; preload";

    private static LiveCaddy edge;
    private static LiveCaddy orphan;

    @BeforeAll
    static void edges() throws Exception {
        edge = LiveCaddy.inFrontOf("127.0.0.1:" + ai.humane.testing.TestServer.url().getPort());
        orphan = LiveCaddy.inFrontOf("127.0.0.1:" + MicroInstances.freePort());
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (orphan != null) {
            orphan.close();
        }
    }

    @Test
    void tls12IsRefusedWithOrWithoutSni() throws Exception {
        for (boolean sni : List.of(true, false)) {
            assertThrows(SSLHandshakeException.class, () -> handshake(edge, "TLSv1.2", sni), "TLS 1.2, SNI " + sni);
        }
    }

    @Test
    void tls13IsAcceptedWithOrWithoutSni() throws Exception {
        for (boolean sni : List.of(true, false)) {
            assertEquals("TLSv1.3", handshake(edge, "TLSv1.3", sni), "SNI " + sni);
        }
    }

    @Test
    void plainHttpIsRedirectedToHttpsWithoutNamingTheServer() throws IOException {
        String answer = rawHttp(edge.httpPort, "GET /api/v1/status?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 308"), answer);
        assertTrue(answer.contains("\r\nLocation: https://localhost/api/v1/status?x=1\r\n"), answer);
        assertTrue(!answer.toLowerCase().contains("\r\nserver:"), "Server header on the redirect: " + answer);
    }

    @Test
    void everyHttpsAnswerHasHstsAltSvcAndNoServerHeader() throws Exception {
        for (String path : List.of("health/ready", "openapi", "metrics", "not-a-route")) {
            HttpResponse<String> answer = get(edge, path);
            assertTrue(List.of(200, 404).contains(answer.statusCode()), path + ": " + answer.statusCode());
            edgeHeaders(path, answer);
        }
        assertEquals(200, get(edge, "health/ready").statusCode(), "the API answers through the edge");
        assertEquals(404, get(edge, "metrics").statusCode(), "metrics are not proxied");
    }

    @Test
    void theEdgesOwnErrorsCarryTheSameHeaders() throws Exception {
        HttpResponse<String> down = get(orphan, "api/v1/status");
        assertEquals(502, down.statusCode(), down.body());
        edgeHeaders("502 while the API is down", down);
    }

    private static void edgeHeaders(String what, HttpResponse<String> answer) {
        assertEquals(HSTS, answer.headers().firstValue("strict-transport-security").orElse(null), what);
        assertNull(answer.headers().firstValue("server").orElse(null), what + ": Server header");
        String altSvc = answer.headers().firstValue("alt-svc").orElse("");
        assertTrue(altSvc.contains("h3=\":" + (what.startsWith("502") ? orphan : edge).httpsPort + "\""),
                what + ": alt-svc " + altSvc);
        assertEquals("DENY", answer.headers().firstValue("x-frame-options").orElse(null), what);
    }

    private static HttpResponse<String> get(LiveCaddy caddy, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(caddy.trust()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + caddy.httpsPort + "/" + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The protocol a handshake agreed on, offering only {@code protocol}; with or without SNI. */
    private static String handshake(LiveCaddy caddy, String protocol, boolean sni) throws Exception {
        SSLContext tls = caddy.trust();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", caddy.httpsPort), 5000);
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            parameters.setServerNames(sni ? List.<SNIServerName>of(new javax.net.ssl.SNIHostName("localhost")) : List.of());
            // The certificate is for localhost, which an address-only client cannot check by name.
            parameters.setEndpointIdentificationAlgorithm(null);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static String rawHttp(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
