package ai.humane.outbound.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. A port rather than a convenience: production asks DNS, tests answer
 * from a table they control, so no test depends on the network or on what a name resolves to today.
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver; the guard only hands it names, never numeric forms it would parse itself. */
    static HostResolver dns() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
