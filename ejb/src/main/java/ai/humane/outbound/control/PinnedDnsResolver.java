package ai.humane.outbound.control;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only resolver, and it never asks DNS. While a request is sent, the thread sending it
 * holds the guard's {@link Decision}; a lookup answers exactly the addresses checked for that host and port,
 * and anything else is refused. A second lookup could answer differently (DNS rebinding), so there is none.
 * Pins are per thread because the classic HttpClient connects on the caller's thread; a connect on any
 * other thread finds no pin and fails closed.
 */
class PinnedDnsResolver implements DnsResolver {

    private final ThreadLocal<Decision> pinned = new ThreadLocal<>();

    /** Closing the pin ends it; use with try-with-resources around the whole exchange. */
    interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    Pin pin(Decision decision) {
        pinned.set(decision);
        return pinned::remove;
    }

    /**
     * The pool state of connections made under a decision: the pool reuses a kept-alive connection only for a
     * request whose decision pinned the same addresses, so reuse cannot bypass the pin either.
     */
    static String poolKey(Decision decision) {
        return decision.addresses().stream().map(InetAddress::getHostAddress).sorted()
                .collect(Collectors.joining(",", "pinned:", ""));
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return decisionFor(host).addresses().toArray(InetAddress[]::new);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        Decision decision = decisionFor(host);
        if (port != decision.port()) {
            throw new UnknownHostException(host + ":" + port + " was not checked by the URL guard");
        }
        return decision.addresses().stream().map(address -> new InetSocketAddress(address, port)).toList();
    }

    /** Only Kerberos-style authentication asks this; answering the name as given avoids a reverse lookup. */
    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        decisionFor(host);
        return host;
    }

    private Decision decisionFor(String host) throws UnknownHostException {
        Decision decision = pinned.get();
        if (decision == null || !bare(host).equals(bare(decision.host()))) {
            throw new UnknownHostException(host + " was not checked by the URL guard");
        }
        return decision;
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
