package ai.humane.outbound.control;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client's pinned resolver, recording every lookup the HTTP client makes: each connection attempt asks
 * it first, so its record is the list of places the client tried to connect to.
 */
class OutboundClientRecordingDns extends PinnedDnsResolver {

    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        lookups.add(host + ":" + port);
        return super.resolve(host, port);
    }

    List<String> lookups() {
        return List.copyOf(lookups);
    }
}
