package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A refused body still gets its 413 to the client (A4). A client that sends a whole body just over the limit before
 * it reads gets the 413: the server reads the body to its end, throws it away, and only then answers and closes.
 * Without that, the server answers while the body is still arriving and closes with bytes unread, the kernel resets
 * the connection, and the client's next write or read fails instead of showing the 413 (the cause of 413s that
 * failed now and then in the suite: "header parser received no bytes"). A body declared far over the limit is not
 * waited for: the 413 comes at once, and the connection is closed.
 */
class OversizedBodiesIT extends HttpTest {

    private static final String PATH = "/api/v1/engines";
    private static final int PIECE = 64 * 1024;

    @Test
    void aBodyJustOverTheLimitIsReadToItsEndBeforeThe413() throws IOException, InterruptedException {
        byte[] body = new byte[RequestBodyLimit.MAX_BYTES + 100_000];
        Arrays.fill(body, (byte) 'a');
        String head = "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = connected()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // In pieces with pauses (18 of them), so a server that has already answered and closed has reset the
            // connection before the last piece: that write fails.
            for (int from = 0; from < body.length; from += PIECE) {
                out.write(body, from, Math.min(PIECE, body.length - from));
                out.flush();
                Thread.sleep(5);
            }

            String answer = readToTheEnd(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("\"type\":\"https://humane.ai/problems/payload-too-large\""), answer);
        }
    }

    @Test
    void aBodyDeclaredFarOverTheLimitIsRefusedUnreadAndTheConnectionClosed() throws IOException {
        long declared = 64L * RequestBodyLimit.MAX_BYTES;
        assertTrue(declared > RequestBodyLimit.DRAINED_BYTES);
        String head = "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declared + "\r\n\r\n";
        try (Socket socket = connected()) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            // Not one byte of the body is sent: the answer (and the end of the connection) must come without it.
            String answer = readToTheEnd(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
            assertEquals(-1, answer.indexOf("HTTP/1.1 ", 1), answer);
        }
    }

    private Socket connected() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(FromAddress.fresh()), 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), deployment.getPort()), 5000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Everything the server sends until it closes; a server that keeps the connection open fails on the timeout. */
    private static String readToTheEnd(Socket socket) throws IOException {
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(answers);
        return answers.toString(StandardCharsets.UTF_8);
    }
}
