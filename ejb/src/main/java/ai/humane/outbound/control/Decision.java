package ai.humane.outbound.control;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An accepted URL and the addresses the guard checked for it. The HTTP client must connect to these
 * addresses and to nothing else: a second lookup of the same name may answer differently (DNS rebinding).
 * The URI is rebuilt from the checked parts (ASCII host, no user info), so the client cannot read a
 * different host out of it than the one that was checked.
 */
public record Decision(URI uri, List<InetAddress> addresses) {

    public Decision {
        Objects.requireNonNull(uri, "uri");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an accepted URL needs at least one checked address");
        }
    }

    /** The host as the client's DNS resolver will be asked for it (IPv6 literals without brackets). */
    public String host() {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public int port() {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
