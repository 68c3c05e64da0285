package ai.humane.outbound.control;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks an outbound request must never reach. IPv4 is a deny list of the special-purpose
 * blocks. IPv6 is an allow list, global unicast 2000::/3 only, with deny entries inside it: the IPv6
 * special blocks keep growing, and a deny list that misses one fails open.
 */
final class AddressRanges {

    private static final List<Block> IPV4 = List.of(
            Block.of("0.0.0.0/8", "a \"this network\" address"),
            Block.of("10.0.0.0/8", "a private address"),
            Block.of("100.64.0.0/10", "a shared (CGNAT) address"),
            Block.of("127.0.0.0/8", "a loopback address"),
            Block.of("169.254.0.0/16", "a link-local (cloud metadata) address"),
            Block.of("172.16.0.0/12", "a private address"),
            Block.of("192.0.0.0/24", "an IETF protocol address"),
            Block.of("192.0.2.0/24", "a documentation address"),
            Block.of("192.88.99.0/24", "a 6to4 relay address"),
            Block.of("192.168.0.0/16", "a private address"),
            Block.of("198.18.0.0/15", "a benchmarking address"),
            Block.of("198.51.100.0/24", "a documentation address"),
            Block.of("203.0.113.0/24", "a documentation address"),
            Block.of("224.0.0.0/4", "a multicast address"),
            Block.of("255.255.255.255/32", "the broadcast address"),
            Block.of("240.0.0.0/4", "a reserved address"));

    /** Blocks that carry an IPv4 address; they are exactly as public as the address they carry. */
    private static final List<Block> CARRIERS = List.of(
            Block.of("::ffff:0:0/96", "an IPv4-mapped address"),
            Block.of("64:ff9b::/96", "a NAT64 address"),
            Block.of("2002::/16", "a 6to4 address"));

    private static final List<Block> IPV6 = List.of(
            Block.of("::/128", "the unspecified address"),
            Block.of("::1/128", "the loopback address"),
            Block.of("::/96", "an IPv4-compatible address"),
            // Local-use NAT64: operator-chosen, not globally routed, embedding depends on the prefix length.
            Block.of("64:ff9b:1::/48", "a local-use NAT64 address"),
            Block.of("100::/64", "a discard-only address"),
            // Teredo also carries the client's IPv4 address; no webhook receiver lives behind Teredo.
            Block.of("2001::/32", "a Teredo address"),
            Block.of("2001:db8::/32", "a documentation address"),
            Block.of("2001::/23", "an IETF protocol address"),
            Block.of("3fff::/20", "a documentation address"),
            Block.of("fc00::/7", "a unique local address"),
            Block.of("fe80::/10", "a link-local address"),
            Block.of("fec0::/10", "a site-local address"),
            Block.of("ff00::/8", "a multicast address"));

    private static final Block GLOBAL_UNICAST = Block.of("2000::/3", "global unicast");

    private AddressRanges() {
    }

    /** The block that makes the address non-public, phrased for a client, or empty when it is public. */
    static Optional<String> nonPublic(InetAddress address) {
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return Optional.of("a scoped IPv6 address");
        }
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? nonPublicV4(bytes) : nonPublicV6(bytes);
    }

    private static Optional<String> nonPublicV4(byte[] bytes) {
        return IPV4.stream().filter(block -> block.contains(bytes)).findFirst().map(Block::label);
    }

    private static Optional<String> nonPublicV6(byte[] bytes) {
        for (Block carrier : CARRIERS) {
            if (carrier.contains(bytes)) {
                int offset = carrier.bits() / 8;
                byte[] carried = Arrays.copyOfRange(bytes, offset, offset + 4);
                return nonPublicV4(carried).map(label -> label + " inside " + carrier.label());
            }
        }
        Optional<String> denied = IPV6.stream().filter(block -> block.contains(bytes)).findFirst().map(Block::label);
        if (denied.isPresent() || GLOBAL_UNICAST.contains(bytes)) {
            return denied;
        }
        return Optional.of("a non-global IPv6 address (outside 2000::/3)");
    }

    private record Block(byte[] prefix, int bits, String kind, String cidr) {

        static Block of(String cidr, String kind) {
            int slash = cidr.indexOf('/');
            String address = cidr.substring(0, slash);
            byte[] prefix = (address.indexOf(':') >= 0 ? Ipv6Literal.parse(address) : Ipv4Literal.parse(address))
                    .orElseThrow(() -> new IllegalStateException("bad block " + cidr));
            return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), kind, cidr);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }

        String label() {
            return kind + " (" + cidr + ")";
        }
    }
}
