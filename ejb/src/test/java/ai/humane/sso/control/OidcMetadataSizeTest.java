package ai.humane.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.webhooks.control.Receivers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S5: a provider's document is read through the SSRF guard by a client of its own that keeps at most
 * {@value OidcMetadata#MOST_DOCUMENT_BYTES} bytes of it: a larger discovery document is refused as an unreachable
 * provider rather than parsed and cached (broken once: with the webhook client's 10 MiB it was taken). A real HTTP
 * server on 127.0.0.1 serves the documents; the guard admits only it.
 */
class OidcMetadataSizeTest {

    private static final HostResolver NO_DNS = host -> {
        throw new UnknownHostException(host);
    };

    private final HttpServer server = server();
    private final String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    private final OidcMetadata metadata = new OidcMetadata();

    OidcMetadataSizeTest() {
        metadata.receivers = new Receivers() {
            @Override
            public PublicUrlGuard guard() {
                return new PublicUrlGuard(NO_DNS, List.of("127.0.0.1:" + server.getAddress().getPort()), false);
            }
        };
        metadata.open();
    }

    @AfterEach
    void stop() {
        metadata.close();
        server.stop(0);
    }

    @Test
    void aDiscoveryDocumentUpToTheLimitIsReadAndALargerOneIsRefused() {
        serve("/fits", OidcMetadata.MOST_DOCUMENT_BYTES);
        serve("/too-large", OidcMetadata.MOST_DOCUMENT_BYTES + 1);

        assertEquals(issuer + "/fits", metadata.metadata(issuer + "/fits").getIssuer().getValue());
        SsoRefused refused = assertThrows(SsoRefused.class, () -> metadata.metadata(issuer + "/too-large"));
        assertEquals(SsoRefused.providerUnreachable().slug(), refused.slug());
    }

    /** Serves, under {@code path}, a discovery document of exactly {@code bytes} bytes naming the issuer there. */
    private void serve(String path, int bytes) {
        String at = issuer + path;
        String head = """
                {"issuer": "%s", "jwks_uri": "%s/certs", "authorization_endpoint": "%s/auth",
                 "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"], "x_padding": \"""".formatted(at, at, at);
        byte[] document = (head + "x".repeat(bytes - head.length() - 2) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertEquals(bytes, document.length);
        server.createContext(path + "/.well-known/openid-configuration", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(document);
            }
        });
    }

    private static HttpServer server() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
