package ai.humane.outbound.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a user-supplied URL may be fetched (N1). Every address the host stands for must be
 * public; an accepted URL comes back with exactly the addresses that were checked, so that the HTTP
 * client can pin its connection to them instead of asking DNS a second time.
 */
public final class PublicUrlGuard {

    private static final Set<String> INTERNAL_NAMES = Set.of("localhost", "metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    private static final List<String> INTERNAL_SUFFIXES = List.of(".internal", ".local", ".localhost", ".home.arpa");

    /** Every refusal of a resolved name, whether it did not resolve or resolved to a non-public address. */
    static final String NO_PUBLIC_ADDRESS = "host does not resolve to a public address";

    private final HostResolver resolver;
    private final Set<String> allowList;
    private final boolean production;

    /**
     * @param allowList {@code host:port} entries accepted even on loopback or private addresses, for
     *                  test receivers outside production; a production guard must not have any
     */
    public PublicUrlGuard(HostResolver resolver, Collection<String> allowList, boolean production) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        if (production && !allowList.isEmpty()) {
            throw new IllegalArgumentException("an outbound allow-list is not allowed in production");
        }
        this.allowList = allowList.stream().map(PublicUrlGuard::allowListKey).collect(Collectors.toUnmodifiableSet());
        this.production = production;
    }

    /** https only, no allow-list. */
    public static PublicUrlGuard forProduction(HostResolver resolver) {
        return new PublicUrlGuard(resolver, List.of(), true);
    }

    /**
     * @return the accepted URL and the addresses to pin the connection to
     * @throws UrlNotAllowed for every refused input, whatever it is; nothing else escapes
     */
    public Decision check(String url) {
        return check(url, HostResolver.LONGEST_LOOKUP);
    }

    /**
     * Like {@link #check(String)}, with the host's lookup given up after {@code within} (the time left to the
     * exchange, N2); {@link #check(String)} gives it the longest a lookup may take.
     */
    public Decision check(String url, Duration within) {
        TargetUrl target = TargetUrl.parse(url);
        if (production && !target.scheme().equals("https")) {
            throw new UrlNotAllowed(Refusal.SCHEME, "only https URLs are allowed");
        }
        Host host = target.host();
        if (allowList.contains(target.server())) {
            return new Decision(target.uri(), host.isLiteral() ? List.of(host.literal()) : resolve(host.name(), within));
        }
        if (host.isLiteral()) {
            refuseNonPublic(host.literal(), "host is ");
            return new Decision(target.uri(), List.of(host.literal()));
        }
        refuseInternalName(host.name());
        List<InetAddress> addresses = resolve(host.name(), within);
        for (InetAddress address : addresses) {
            if (AddressRanges.nonPublic(address).isPresent()) {
                throw new UrlNotAllowed(Refusal.NON_PUBLIC_ADDRESS, NO_PUBLIC_ADDRESS);
            }
        }
        return new Decision(target.uri(), addresses);
    }

    /**
     * The server {@code url} names, {@code host:port}, read as {@link #check} reads it: another path, query, case of
     * the host, trailing dot, IDN or literal spelling, or the scheme's port written out, is the same server. Looks
     * nothing up.
     *
     * @throws UrlNotAllowed when {@code url} is not a URL the guard can read
     */
    public static String server(String url) {
        return TargetUrl.parse(url).server();
    }

    /** The origin {@code url} names: its scheme and {@link #server}. Looks nothing up. */
    public static String origin(String url) {
        TargetUrl target = TargetUrl.parse(url);
        return target.scheme() + "://" + target.server();
    }

    /**
     * Refused by name before any lookup: metadata endpoints answer on names that public DNS does not
     * know, and a single-label name is completed from the server's search domains, i.e. the intranet.
     */
    private static void refuseInternalName(String name) {
        boolean internal = INTERNAL_NAMES.contains(name) || INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith);
        if (internal) {
            throw new UrlNotAllowed(Refusal.INTERNAL_NAME, "host name is reserved for internal services");
        }
        if (name.indexOf('.') < 0) {
            throw new UrlNotAllowed(Refusal.INTERNAL_NAME, "host must be a fully qualified domain name");
        }
    }

    /**
     * The resolver is the one foreign piece here, so whatever it does wrong becomes a refusal. It reads as a name that
     * resolves to a non-public address does: told apart, the two would let a tenant admin find out which names the
     * server's resolver knows inside the network (and in which block) by trying them.
     */
    private List<InetAddress> resolve(String name, Duration within) {
        List<InetAddress> answer;
        try {
            answer = new ArrayList<>(resolver.resolve(name, within));
        } catch (UnknownHostException | RuntimeException e) {
            throw new UrlNotAllowed(Refusal.UNRESOLVABLE, NO_PUBLIC_ADDRESS, e);
        }
        if (answer.isEmpty() || answer.stream().anyMatch(Objects::isNull)) {
            throw new UrlNotAllowed(Refusal.UNRESOLVABLE, NO_PUBLIC_ADDRESS);
        }
        return answer;
    }

    /** A literal address is the caller's own: its refusal may name the block it falls in. */
    private static void refuseNonPublic(InetAddress address, String subject) {
        AddressRanges.nonPublic(address).ifPresent(block -> {
            throw new UrlNotAllowed(Refusal.NON_PUBLIC_ADDRESS, subject + block);
        });
    }

    private static String allowListKey(String entry) {
        try {
            TargetUrl target = TargetUrl.parse("http://" + entry);
            if (target.port() < 0 || !target.uri().getRawPath().isEmpty() || target.uri().getRawQuery() != null
                    || target.uri().getRawFragment() != null) {
                throw new IllegalArgumentException("allow-list entry must be host:port: " + entry);
            }
            return target.host().key() + ":" + target.port();
        } catch (UrlNotAllowed e) {
            throw new IllegalArgumentException("allow-list entry must be host:port: " + entry, e);
        }
    }
}
