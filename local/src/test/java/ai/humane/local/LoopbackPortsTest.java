package ai.humane.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A port named for a server that binds it later is none that the kernel may give an outgoing connection meanwhile,
 * none that something holds, and none handed out before.
 */
class LoopbackPortsTest {

    @Test
    void portsComeFromBelowTheRangeOfOutgoingConnections() throws IOException {
        // Read here, not through LoopbackPorts: both ends, as the kernel states them.
        Path kernel = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        String[] range = Files.readAllLines(kernel).get(0).trim().split("\\s+");
        int first = Integer.parseInt(range[0]);
        int last = Integer.parseInt(range[1]);
        assertEquals(first, LoopbackPorts.ephemeralStart());
        assumeTrue(first > LoopbackPorts.LOWEST, "no room below the range " + first + "-" + last);
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = LoopbackPorts.free();
            assertTrue(port >= LoopbackPorts.LOWEST && (port < first || port > last),
                    port + " is in the range of outgoing connections' ports, " + first + "-" + last);
            assertTrue(given.add(port), port + " was handed out twice");
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            }
        }
    }

    /** A port that another program holds on 127.0.0.1 is passed over, also when it is the only one to choose. */
    @Test
    void aHeldPortIsNotHandedOut() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            for (int i = 0; i < 3; i++) {
                assertNotEquals(port, LoopbackPorts.free(port, port + 1), "the held port was handed out");
            }
        }
    }

    /** Two servers named before either binds: the second does not get the first one's port, though it is free. */
    @Test
    void aPortIsHandedOutOnce() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<Integer> given = List.of(LoopbackPorts.free(port, port + 1), LoopbackPorts.free(port, port + 1));
        assertNotEquals(given.get(0), given.get(1), "one port for two servers");
    }
}
