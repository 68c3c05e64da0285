package ai.humane.outbound.control;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client's pinned resolver, recording every lookup the HTTP client makes: each connection attempt asks
 * it first, so its record is the list of places the client tried to connect to. It hands out loopback
 * addresses only: should the guard ever pin a private or public address (a broken guard), the test fails
 * on the lookup instead of connecting there.
 */
class OutboundClientRecordingDns extends PinnedDnsResolver {

    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        lookups.add(host + ":" + port);
        List<InetSocketAddress> pinned = super.resolve(host, port);
        if (!pinned.stream().allMatch(a -> a.getAddress().isLoopbackAddress())) {
            throw new UnknownHostException("tests connect to loopback only, not " + pinned);
        }
        return pinned;
    }

    List<String> lookups() {
        return List.copyOf(lookups);
    }
}
