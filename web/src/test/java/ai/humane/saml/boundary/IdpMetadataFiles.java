package ai.humane.saml.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import com.sun.net.httpserver.HttpServer;

/**
 * IdP metadata for the tests: written for the test certificates (src/test/resources/saml), and served from
 * loopback so a connection can be made from a metadata URL (the server is on the shared server's allow-list).
 */
public final class IdpMetadataFiles {

    private static IdpMetadataFiles shared;

    private final HttpServer server;
    private final Map<String, String> documents = new ConcurrentHashMap<>();

    private IdpMetadataFiles() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = documents.get(exchange.getRequestURI().getPath());
                byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    public static synchronized IdpMetadataFiles shared() {
        if (shared == null) {
            try {
                shared = new IdpMetadataFiles();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.server.stop(0)));
        }
        return shared;
    }

    /** The OUTBOUND_ALLOWLIST entry of this server. */
    public static String allowList() {
        return "127.0.0.1:" + shared().server.getAddress().getPort();
    }

    /** Serves {@code xml} at a fresh URL and answers it. */
    public String serve(String xml) {
        String path = "/metadata/" + UUID.randomUUID();
        documents.put(path, xml);
        return "http://" + allowList() + path;
    }

    /** Metadata of an IdP signing with the named test certificates (idp, other), in that order. */
    public static String metadata(String entityId, String... certificates) {
        StringBuilder keys = new StringBuilder();
        for (String name : certificates) {
            keys.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
                    .append(base64(name)).append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
        }
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                + "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\" "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + keys
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" "
                + "Location=\"https://idp.test/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    static String base64(String name) {
        return resource(name + "-cert.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
    }

    /** A PEM file of src/test/resources/saml. */
    public static String resource(String file) {
        try (InputStream in = IdpMetadataFiles.class.getResourceAsStream("/saml/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
