package ai.humane.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 client that connects from a chosen loopback address (127.0.0.2, 127.0.0.3, …),
 * so a test can be several clients without leaving the machine.
 */
public final class LoopbackClient {

    private static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After: *(\\d+)");

    private LoopbackClient() {
    }

    /** POSTs JSON from {@code from} to 127.0.0.1:port; answers status, Retry-After (or -1) and body. */
    public static Reply post(String from, int port, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            socket.setSoTimeout(30_000);
            String head = "POST /" + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String response = read(socket.getInputStream());
            int status = Integer.parseInt(response.substring(9, 12));
            Matcher retry = RETRY_AFTER.matcher(response);
            return new Reply(status, retry.find() ? Integer.parseInt(retry.group(1)) : -1,
                    response.substring(response.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    /** What came back. */
    public record Reply(int status, int retryAfter, String body) {
    }
}
