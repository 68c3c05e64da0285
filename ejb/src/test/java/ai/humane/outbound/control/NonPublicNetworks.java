package ai.humane.outbound.control;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A second, independent statement of which addresses are public, written from the IANA special-purpose
 * registries with plain integer arithmetic. Tests hold every address the guard accepts against it.
 */
final class NonPublicNetworks {

    private static final List<String> IPV4 = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "255.255.255.255/32");

    /** Leading hex digits and prefix length: blocks inside global unicast 2000::/3 that are still not public. */
    private static final List<String> IPV6_INSIDE_GLOBAL = List.of("2001/23", "20010db8/32", "3fff/20");

    private NonPublicNetworks() {
    }

    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return false;
        }
        BigInteger value = new BigInteger(1, address.getAddress());
        if (address.getAddress().length == 4) {
            return isPublicV4(value.longValue());
        }
        if (inV6(value, "00000000000000000000ffff/96") || inV6(value, "0064ff9b/96")) {
            return isPublicV4(value.longValue() & 0xffffffffL);
        }
        if (inV6(value, "2002/16")) {
            return isPublicV4(value.shiftRight(80).longValue() & 0xffffffffL);
        }
        return inV6(value, "2/3") && IPV6_INSIDE_GLOBAL.stream().noneMatch(block -> inV6(value, block));
    }

    static boolean isPublicV4(long value) {
        for (String block : IPV4) {
            String[] parts = block.split("[./]");
            long network = 0;
            for (int i = 0; i < 4; i++) {
                network = network << 8 | Long.parseLong(parts[i]);
            }
            int bits = Integer.parseInt(parts[4]);
            if (value >>> (32 - bits) == network >>> (32 - bits)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inV6(BigInteger value, String block) {
        String[] parts = block.split("/");
        BigInteger network = new BigInteger(parts[0] + "0".repeat(32 - parts[0].length()), 16);
        int shift = 128 - Integer.parseInt(parts[1]);
        return value.shiftRight(shift).equals(network.shiftRight(shift));
    }
}
