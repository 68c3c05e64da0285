package ai.humane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses every connection for as long as this is open: a socket bound to it that never
 * listens, so the kernel answers a connection with a reset, and no server can bind the port meanwhile. A port
 * read off a listener that was then closed is free for anybody (another test, another build on the machine) by
 * the time a test connects to it, and the test would reach that server instead of a refusal.
 */
public final class RefusingPort implements AutoCloseable {

    private final Socket bound = new Socket();

    public RefusingPort() {
        try {
            bound.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return bound.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        bound.close();
    }
}
