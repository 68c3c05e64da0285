package ai.humane.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP proxy that forwards nothing: a JVM started with {@link #javaOptions()} sends every request it
 * makes through {@code HttpURLConnection} (plain requests as {@code GET http://host/…}, TLS ones as
 * {@code CONNECT host:443}) here instead of to the host named, which it never resolves. What arrives is kept; each
 * is answered 502. So a test sees what a server would have sent beyond this machine, and nothing leaves loopback.
 */
final class OutboundTrap implements AutoCloseable {

    private final ServerSocket socket;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    OutboundTrap() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "outbound-trap");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** The proxy settings, for JAVA_TOOL_OPTIONS (loopback itself stays direct: http.nonProxyHosts' default). */
    String javaOptions() {
        String port = Integer.toString(socket.getLocalPort());
        return "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=" + port + " -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=" + port;
    }

    /** The first line of every request that arrived so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(5_000);
                String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1))
                        .readLine();
                requests.add(line == null ? "(a connection without a request)" : line);
                OutputStream out = client.getOutputStream();
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    requests.add("(a connection that failed: " + e + ")");
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
