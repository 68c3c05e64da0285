package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The port of a {@link RefusingPort} refuses connections, and nobody else can listen on it while it is open. */
class RefusingPortTest {

    @Test
    void aConnectionIsRefusedAndTheServerThatWouldTakeThePortCannotBindIt() throws Exception {
        try (RefusingPort refusing = new RefusingPort()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), refusing.port());
            try (Socket client = new Socket()) {
                assertThrows(ConnectException.class, () -> client.connect(address, 5_000));
            }
            try (ServerSocket other = new ServerSocket()) {
                assertThrows(java.net.BindException.class, () -> other.bind(address), "another server took the port");
            }
        }
    }
}
