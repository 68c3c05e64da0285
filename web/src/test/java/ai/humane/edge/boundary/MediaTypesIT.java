package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Media types over HTTP: case-insensitive JSON, UTF-8 only, and malformed Content-Type or Accept headers and
 * odd methods answered as problems, never with the server's HTML error page.
 */
class MediaTypesIT extends HttpTest {

    private static final String ENGINES = "api/v1/engines";
    private static final String ENGINE = "{\"name\":\"m\",\"kind\":\"lexicon\"}";

    private Api api;
    private String key;
    private UUID tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var created = Tenants.create("Media");
        key = created.apiKey();
        tenant = created.tenantId();
    }

    @Test
    void jsonIsRecognisedWhateverTheCaseOfItsMediaType() {
        for (String type : new String[] {"application/JSON", "Application/Json; Charset=\"UTF-8\"", "application/json;charset=utf-8"}) {
            Api.Answer created = api.send(ENGINES, key, "POST", type, ENGINE);
            assertEquals(201, created.status(), type + " -> " + created.body());
        }
        assertEquals("3", engines());
    }

    @Test
    void aCharsetOtherThanUtf8IsUnsupported() {
        for (String type : new String[] {"application/json; charset=iso-8859-1", "application/json; charset=UTF-16",
                "application/json; charset=utf8"}) {
            assertProblem(api.send(ENGINES, key, "POST", type, ENGINE), 415, "unsupported-media-type", type);
        }
        assertProblem(api.send("api/v1/auth/login", null, "POST", "application/json; charset=latin1",
                "{\"email\":\"a@example.test\",\"password\":\"x\"}"), 415, "unsupported-media-type", "sign-in");
        assertEquals("0", engines());
    }

    @Test
    void aMalformedContentTypeIsAProblemNotAnHtmlPage() {
        for (String type : new String[] {"application/", ";;", "application/json; charset", "/json", "application json",
                "application/json; charset=utf-8; charset=latin1", "application/json; charset=\"utf-8", "application/json,"}) {
            assertProblem(api.send(ENGINES, key, "POST", type, ENGINE), 415, "unsupported-media-type", type);
            assertProblem(api.send("api/v1/auth/login", null, "POST", type, "{}"), 415, "unsupported-media-type", type);
            assertProblem(api.send("api/v1/inbound/" + UUID.randomUUID() + "/events", null, "POST", type, "{}"), 415,
                    "unsupported-media-type", type);
        }
        String twice = raw("POST /api/v1/engines HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                + key + "\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: "
                + ENGINE.length() + "\r\n\r\n" + ENGINE);
        assertEquals("HTTP/1.1 415", twice.substring(0, 12), twice);
        assertTrue(twice.contains("application/problem+json") && twice.contains("unsupported-media-type"), twice);
        assertEquals("0", engines());
    }

    @Test
    void aMalformedAcceptIsAProblemNotAnHtmlPage() {
        for (String accept : new String[] {"application/", ";;q=x", "text/html;q=abc"}) {
            Api.Answer answer = api.send(api.request(ENGINES, key).header("Accept", accept).GET());
            assertProblem(answer, 400, "bad-request", accept);
        }
        Api.Answer fine = api.send(api.request(ENGINES, key).header("Accept", "text/html;q=0.9, application/*;q=0.8").GET());
        assertEquals(200, fine.status(), fine.body());
    }

    @Test
    void oddMethodsAreProblemsOrEmptyButNeverHtml() {
        for (String method : new String[] {"FOO", "PROPFIND", "get", "PURGE"}) {
            Api.Answer answer = api.send(api.request(ENGINES, key).method(method, HttpRequest.BodyPublishers.noBody()));
            assertProblem(answer, 405, "method-not-allowed", method);
        }
        String trace = raw("TRACE /api/v1/engines HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 405", trace.substring(0, 12), trace);
        assertFalse(trace.toLowerCase().contains("<html"), trace);
    }

    private String engines() {
        return Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenant);
    }

    /** For what the JDK client will not send as asked. */
    private String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", deployment.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertProblem(Api.Answer answer, int status, String slug, String what) {
        assertEquals(status, answer.status(), what + " -> " + answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), what + " -> " + answer.body());
        assertEquals("https://humane.ai/problems/" + slug, answer.problemType(), what);
        assertNotEquals(-1, answer.body().indexOf("\"instance\""), what);
    }
}
