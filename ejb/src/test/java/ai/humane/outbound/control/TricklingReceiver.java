package ai.humane.outbound.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on 127.0.0.1 that answers one byte at a time with a pause between bytes, each pause shorter than
 * any read timeout: only a deadline on the whole exchange ends such an answer early. It trickles at most
 * {@code script.length} bytes, so a client without a deadline ends the test late rather than never. It counts
 * the bytes its client took, and notes whether the client hung up before the script was done.
 */
public final class TricklingReceiver implements AutoCloseable {

    /** Status line and headers of an answer whose body is then trickled. */
    public static final String TRICKLED_BODY = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000);
    /** An answer whose status line and headers never complete. */
    public static final String TRICKLED_HEADERS = "HTTP/1.1 200 OK\r\nX-Slow: " + "y".repeat(1000);

    private final ServerSocket listener;
    private final byte[] script;
    private final long pauseMillis;
    private final AtomicInteger sent = new AtomicInteger();
    private final CountDownLatch over = new CountDownLatch(1);
    private volatile boolean cutOff;

    private TricklingReceiver(String script, long pauseMillis) throws IOException {
        this.listener = new ServerSocket(0, 4, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        this.script = script.getBytes(StandardCharsets.US_ASCII);
        this.pauseMillis = pauseMillis;
        Thread thread = new Thread(this::serveOne, "trickling-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers the first connection with {@code script}, one byte every {@code pauseMillis}. */
    public static TricklingReceiver start(String script, long pauseMillis) {
        try {
            return new TricklingReceiver(script, pauseMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String authority() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    public String url(String path) {
        return "http://" + authority() + path;
    }

    /** Waits (at most as long as the whole script would take) until the client hung up or the script ended. */
    public boolean hungUpBeforeTheEnd() throws InterruptedException {
        over.await(script.length * pauseMillis + 5_000, TimeUnit.MILLISECONDS);
        return cutOff;
    }

    public int bytesSent() {
        return sent.get();
    }

    private void serveOne() {
        try (Socket client = listener.accept()) {
            drainRequestHead(client.getInputStream());
            OutputStream out = client.getOutputStream();
            for (byte b : script) {
                out.write(b);
                out.flush();
                sent.incrementAndGet();
                Thread.sleep(pauseMillis);
            }
        } catch (IOException hungUp) {
            cutOff = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            over.countDown();
        }
    }

    /** Reads up to the end of the request's head, so the client is waiting for the answer. */
    private static void drainRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b != -1 && matched < end.length; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
