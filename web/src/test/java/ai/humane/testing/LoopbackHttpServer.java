package ai.humane.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1 and a free port that lives as long as the test JVM, for the receivers and
 * providers the shared server calls out to (they must exist before it boots, to be on its allow-list).
 */
public final class LoopbackHttpServer {

    private LoopbackHttpServer() {
    }

    /** Started, answering every path with {@code handler} on {@code threads} daemon threads named {@code name}. */
    public static HttpServer start(String name, int threads, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), threads * 8);
            server.setExecutor(Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/", handler);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The OUTBOUND_ALLOWLIST entry of {@code server}. */
    public static String allowList(HttpServer server) {
        return "127.0.0.1:" + server.getAddress().getPort();
    }
}
