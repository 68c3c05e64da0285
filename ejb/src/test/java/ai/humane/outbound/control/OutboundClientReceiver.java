package ai.humane.outbound.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver bound to 127.0.0.1 on a free port, for the OutboundClient tests: it records what
 * arrives and answers as each test scripts it. Nothing it does leaves the loopback interface.
 */
final class OutboundClientReceiver implements AutoCloseable {

    static final byte[] LOOPBACK = {127, 0, 0, 1};

    record Arrival(String method, String path, Headers headers, byte[] body, int clientPort) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private OutboundClientReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), 0), 16);
        server.setExecutor(threads);
        server.start();
    }

    static OutboundClientReceiver start() {
        try {
            return new OutboundClientReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** host:port as the guard's allow-list wants it. */
    String authority() {
        return "127.0.0.1:" + port();
    }

    String url(String path) {
        return "http://" + authority() + path;
    }

    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    void on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            arrivals.add(new Arrival(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getPort()));
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    static HttpHandler answer(int status, byte[] body, boolean chunked) {
        return exchange -> {
            exchange.sendResponseHeaders(status, chunked ? 0 : (body.length == 0 ? -1 : body.length));
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    static HttpHandler redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    /** Streams up to {@code total} bytes in chunks, counting what the client actually took. */
    static HttpHandler endless(long total, AtomicLong written) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < total) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException expected) {
                // The client hung up, which is the point.
            }
        };
    }

    /** Holds the answer (optionally after a first part of the body) until the receiver closes. */
    HttpHandler stall(byte[] firstPart) {
        return exchange -> {
            exchange.sendResponseHeaders(200, firstPart.length == 0 ? 0 : firstPart.length * 2L);
            if (firstPart.length > 0) {
                exchange.getResponseBody().write(firstPart);
                exchange.getResponseBody().flush();
            }
            awaitRelease();
        };
    }

    /** Holds back even the status line until the receiver closes. */
    HttpHandler silent() {
        return exchange -> awaitRelease();
    }

    private void awaitRelease() {
        try {
            released.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
