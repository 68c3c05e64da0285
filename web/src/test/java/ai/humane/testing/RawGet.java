package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GET read on a raw socket, the way a client that checks HTTP/1.1's framing would. A streamed answer that fails
 * once it has begun must end without the chunked terminator (O6, A3: {@code CutOnFailure}); an HTTP client library
 * only says that something went wrong, or nothing at all, so the tests of that cut read the chunks themselves.
 */
public final class RawGet {

    private RawGet() {
    }

    /**
     * Sends {@code GET path} on {@code socket}, with a small receive buffer, and reads the head of its answer: 200,
     * chunked. {@code Connection: close}, so that a whole answer ends the connection too; {@code bearer} as the
     * credential unless null. Every read waits at most {@code wait}. Returns the rest, the body, unread.
     */
    public static InputStream chunked(Socket socket, URL deployment, String path, String bearer, Duration wait)
            throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout((int) wait.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", deployment.getPort()), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + deployment.getPort() + "\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
        String status = line(in);
        List<String> headers = new ArrayList<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            headers.add(header.toLowerCase(Locale.ROOT));
        }
        assertTrue(status != null && status.startsWith("HTTP/1.1 200"), status + " " + headers);
        assertTrue(headers.contains("transfer-encoding: chunked"), headers.toString());
        return in;
    }

    /** {@link #body(InputStream, OutputStream)}, the data counted only. */
    public static Body body(InputStream in) throws IOException {
        return body(in, OutputStream.nullOutputStream());
    }

    /**
     * Reads a chunked body to its end: the zero-length chunk, or the connection's end without it (an end of stream or
     * a reset). The data that came, a last chunk cut short included, goes to {@code sink}.
     */
    public static Body body(InputStream in, OutputStream sink) throws IOException {
        long bytes = 0;
        long lines = 0;
        try {
            for (String size = line(in); size != null; size = line(in)) {
                int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (length == 0) {
                    return new Body(bytes, lines, true);
                }
                byte[] chunk = in.readNBytes(length);
                sink.write(chunk);
                bytes += chunk.length;
                for (byte b : chunk) {
                    lines += b == '\n' ? 1 : 0;
                }
                if (chunk.length < length || !"".equals(line(in))) {
                    break;
                }
            }
        } catch (IOException reset) {
            // The connection was reset: it ended without the terminator, as an end of stream would.
        }
        return new Body(bytes, lines, false);
    }

    /** One CRLF-ended line of ASCII, without its end; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length() - 1;
                return end >= 0 && line.charAt(end) == '\r' ? line.substring(0, end) : line.toString();
            }
            line.append((char) b);
        }
        return null;
    }

    /**
     * What came of a chunked body: its bytes, its line feeds (JSON lines, or CSV records with the header, when no
     * field holds a line break), and whether it ended with the zero-length chunk.
     */
    public record Body(long bytes, long lines, boolean terminated) {
    }
}
