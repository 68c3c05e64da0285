package ai.humane.outbound.control;

import java.util.Optional;

/**
 * Strict reading of IPv4 host literals. Resolvers and browsers still accept the inet_aton forms
 * (2130706433, 0177.0.0.1, 0x7f.1, 127.1), each parser with its own quirks, so a host that any of them
 * could read as a number is only taken when it is a plain dotted quad; every other numeric form is
 * treated as an attempt to hide an address.
 */
final class Ipv4Literal {

    private Ipv4Literal() {
    }

    /**
     * True when some parser would read the host as an IPv4 number. That decision hinges on the last
     * label (the WHATWG URL rule, and inet_aton needs every label numeric anyway); no real top-level
     * domain is numeric, so no legitimate name is lost.
     */
    static boolean looksNumeric(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (last.startsWith("0x") || last.startsWith("0X")) {
            return isAsciiNumber(last.substring(2), 16);
        }
        return !last.isEmpty() && isAsciiNumber(last, 10);
    }

    /** The four bytes of a canonical dotted quad: decimal, no leading zeros, each part at most 255. */
    static Optional<byte[]> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < parts.length; i++) {
            int octet = octet(parts[i]);
            if (octet < 0) {
                return Optional.empty();
            }
            bytes[i] = (byte) octet;
        }
        return Optional.of(bytes);
    }

    private static int octet(String part) {
        boolean leadingZero = part.length() > 1 && part.charAt(0) == '0';
        if (part.isEmpty() || part.length() > 3 || leadingZero || !isAsciiNumber(part, 10)) {
            return -1;
        }
        int value = Integer.parseInt(part);
        return value <= 255 ? value : -1;
    }

    /**
     * ASCII only on purpose: Character.digit and Integer.parseInt also accept Arabic-Indic and
     * full-width digits, which would let a non-ASCII host slip through as a number.
     */
    static boolean isAsciiNumber(String text, int radix) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean decimal = c >= '0' && c <= '9';
            boolean hex = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!decimal && !(radix == 16 && hex)) {
                return false;
            }
        }
        return true;
    }
}
