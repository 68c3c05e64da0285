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
import org.junit.jupiter.api.Test;

/**
 * A client that declares a megabyte and sends it a byte a second is let go at the server's request deadline
 * (30 s, payara-config) with a 408 problem, long before it could finish: the connection is closed while the
 * client still has bytes to send. The loop is bounded, so a server without the deadline fails the test
 * after 90 s instead of holding it for the eleven days the megabyte would take.
 */
class SlowRequestsIT extends HttpTest {

    private static final int MOST_BYTES_TRICKLED = 90;

    @Test
    void aTrickledBodyIsCutOffWithA408BeforeTheClientIsDone() throws IOException {
        String head = "POST /api/v1/public/waitlist HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1048576\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(FromAddress.fresh()), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), deployment.getPort()), 5000);
            socket.setSoTimeout(1000);
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
                    "the connection stayed open for all " + trickled + " bytes of the trickle");
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\"type\":\"https://humane.ai/problems/request-timeout\""), answer);
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
