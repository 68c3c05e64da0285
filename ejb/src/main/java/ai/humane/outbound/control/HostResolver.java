package ai.humane.outbound.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Turns a host name into addresses. A port rather than a convenience: production asks DNS, tests answer
 * from a table they control, so no test depends on the network or on what a name resolves to today.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * The longest a lookup is waited for, whatever time its exchange has left: two of the system resolver's tries
     * (glibc waits 5 s for a name server before it asks the next).
     */
    Duration LONGEST_LOOKUP = Duration.ofSeconds(10);

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * Like {@link #resolve(String)}, given up after {@code within} at the latest (the time left to an outbound
     * exchange, N2). A resolver that answers at once, as the tests' tables do, need not look at it.
     */
    default List<InetAddress> resolve(String host, Duration within) throws UnknownHostException {
        return resolve(host);
    }

    /**
     * The system resolver, each lookup given up after {@link #LONGEST_LOOKUP} or the caller's bound
     * ({@link BoundedLookups}); the guard only hands it names, never numeric forms it would parse itself.
     */
    static HostResolver dns() {
        return new BoundedLookups(host -> List.of(InetAddress.getAllByName(host)), LONGEST_LOOKUP);
    }

}
