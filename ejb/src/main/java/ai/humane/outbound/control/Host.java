package ai.humane.outbound.control;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A URL host after IDN conversion and strict literal parsing: either a literal address, which needs no
 * lookup, or an ASCII name, which still has to be resolved. {@code name} is the form that goes back into
 * the URI (IPv6 literals keep their brackets).
 */
record Host(String name, InetAddress literal) {

    private static final int LONGEST_NAME = 253;

    static Host parse(String raw) {
        if (raw.isEmpty()) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL has no host");
        }
        if (raw.startsWith("[")) {
            return ipv6(raw);
        }
        if (raw.indexOf('%') >= 0) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "host must not be percent-encoded");
        }
        String ascii = ascii(raw);
        if (!Ipv4Literal.looksNumeric(ascii)) {
            return new Host(ascii, null);
        }
        byte[] quad = Ipv4Literal.parse(ascii).orElseThrow(() -> new UrlNotAllowed(Refusal.NUMERIC_HOST,
                "host is a numeric address in a non-canonical form; write IPv4 addresses as a.b.c.d"));
        return new Host(ascii, address(quad));
    }

    boolean isLiteral() {
        return literal != null;
    }

    /** The same host always gives the same key, however the URL spelled it. */
    String key() {
        return isLiteral() ? literal.getHostAddress() : name;
    }

    private static Host ipv6(String raw) {
        String inside = raw.substring(1, raw.length() - 1);
        if (inside.indexOf('%') >= 0) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "IPv6 zone ids are not allowed");
        }
        byte[] bytes = Ipv6Literal.parse(inside).orElseThrow(
                () -> new UrlNotAllowed(Refusal.MALFORMED, "IPv6 address is malformed"));
        return new Host("[" + inside.toLowerCase(Locale.ROOT) + "]", address(bytes));
    }

    /**
     * IDN first, so that full-width digits, ideographic dots and the like are folded into the ASCII
     * they stand for before any numeric or name rule looks at the host.
     */
    private static String ascii(String raw) {
        String ascii;
        try {
            ascii = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "host is not a valid domain name");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty() || ascii.startsWith(".") || ascii.endsWith(".") || ascii.length() > LONGEST_NAME) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "host is not a valid domain name");
        }
        return ascii;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("parsers only return 4 or 16 bytes", e);
        }
    }
}
