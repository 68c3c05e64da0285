package ai.humane.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for a server that another process binds later: the embedded PostgreSQL asked for any port
 * (it binds after initdb, seconds on), the prepared runtime's training boot (Payara binds late in its boot), and the
 * tests' servers (Keycloak's is named minutes before it boots). The kernel hands its range for outgoing connections
 * ({@code ip_local_port_range}) to every connection opened on this machine, so a port found free there, by binding
 * 0 and closing, could be some connection's own port by the time the server binds it, and the server would fail to
 * start. These come from below that range instead, at random, each checked by a bind, and never the same twice in
 * this JVM: two servers named before either binds do not get one port.
 */
public final class LoopbackPorts {

    /** Below this are the well-known and the usual services' ports (PostgreSQL's 5432, 8080, 9000...). */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 1_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /**
     * A loopback port nothing listens on now, below the kernel's range for outgoing connections. Where there is no
     * room below it (a range starting at {@value #LOWEST} or lower), or none of it is free, one the kernel picks.
     */
    public static int free() {
        return free(LOWEST, ephemeralStart());
    }

    /** A port from {@code lowest} (inclusive) to {@code below} (exclusive), or the kernel's pick when none is free. */
    static int free(int lowest, int below) {
        for (int attempt = 0; below > lowest && attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(lowest, below);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No loopback port that was not handed out already in " + ATTEMPTS + " tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of the kernel's range for outgoing connections (Linux; 32768 where it cannot be read). */
    public static int ephemeralStart() {
        try {
            // Read by lines: Files.readString of this file answers "3" on Java 17 (procfs reports a size of 0).
            return Integer.parseInt(Files.readAllLines(EPHEMERAL).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32_768;
        }
    }
}
