package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that declares a body and sends it a byte a second is let go at the body's deadline (30 s,
 * {@code BodyDeadline}) with a 4xx problem, long before it could finish: the connection is closed while the client
 * still has bytes to send. Both ways a body is read: by the REST runtime (JSON, 408), and as a form by the
 * authentication mechanism in front of it (the SAML ACS); and a body nothing reads, after an early refusal (measured:
 * answered in a quarter of a second, the connection closed 30 s later). The loops are bounded, so a server without the deadline fails
 * the test after 90 s instead of holding it for the days the bodies would take. The three trickle at once.
 */
class SlowRequestsIT extends HttpTest {

    private static final int MOST_BYTES_TRICKLED = 90;

    @Test
    void trickledBodiesAreCutOffBeforeTheClientIsDone() throws Exception {
        ExecutorService beside = Executors.newFixedThreadPool(2);
        try {
            Future<String> refused = beside.submit(() -> trickledAfterItsAnswer("POST /api/v1/engines HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer hum_nothing\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n"));
            Future<String> form = beside.submit(() -> trickled("POST /api/v1/auth/saml/" + UUID.randomUUID()
                    + "/acs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 200000\r\n\r\nSAMLResponse="));
            String json = trickled("POST /api/v1/public/waitlist HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n");
            assertTrue(json.startsWith("HTTP/1.1 408 "), json);
            assertTrue(json.contains("\"type\":\"https://humane.ai/problems/request-timeout\""), json);

            String saml = form.get(120, TimeUnit.SECONDS);
            assertTrue(saml.startsWith("HTTP/1.1 4"), saml);
            assertTrue(saml.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), saml);

            // A body the API never reads (refused before it, here by the credential): answered at once, and the rest it
            // swallows (at most 64 KiB) does not keep the connection for as long as the client trickles.
            assertTrue(refused.get(120, TimeUnit.SECONDS).startsWith("HTTP/1.1 401 "), refused.get());
        } finally {
            beside.shutdownNow();
        }
    }

    /** Sends {@code head}, then a byte a second; answers what the server said, which must come before the trickle ends. */
    private String trickled(String head) throws IOException {
        try (Socket socket = connected()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            int trickled = 0;
            String answer = null;
            while (answer == null && trickled < MOST_BYTES_TRICKLED) {
                out.write(' ');
                out.flush();
                trickled++;
                answer = answerIfAny(socket);
            }
            assertTrue(answer != null && trickled < MOST_BYTES_TRICKLED,
                    "the connection stayed open for all " + trickled + " bytes of the trickle: " + head);
            return answer;
        }
    }

    /**
     * Sends {@code head}, then a byte a second, reading whatever comes; answers what the server said, once the server
     * has closed the connection, which must come before the trickle ends.
     */
    private String trickledAfterItsAnswer(String head) throws IOException {
        try (Socket socket = connected()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            for (int trickled = 0; trickled < MOST_BYTES_TRICKLED; trickled++) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closedUnderTheWrite) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                try {
                    byte[] chunk = new byte[4096];
                    int read = in.read(chunk);
                    if (read == -1) {
                        return answer.toString(StandardCharsets.UTF_8);
                    }
                    answer.write(chunk, 0, read);
                } catch (SocketTimeoutException quietThisSecond) {
                    // nothing more yet
                }
            }
            throw new AssertionError("the connection stayed open for all " + MOST_BYTES_TRICKLED + " bytes after: " + answer);
        }
    }

    /** A connection to the server from a fresh loopback address, each read waiting at most a second. */
    private Socket connected() throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(FromAddress.fresh()), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), deployment.getPort()), 5000);
            socket.setSoTimeout(1000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Waits up to the socket's timeout (the pause between two bytes) for the server to answer; an answer is read
     * to the end of the connection, so a server that answers but keeps the connection open fails the test.
     */
    private static String answerIfAny(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException stillWaiting) {
            return null;
        }
        if (first == -1) {
            return "closed without an answer";
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.write(first);
        socket.setSoTimeout(10_000);
        in.transferTo(answer);
        return answer.toString(StandardCharsets.UTF_8);
    }
}
