package ai.humane.outbound.control;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds addresses for fixtures without the code under test and without InetAddress.getByName, which
 * would do DNS for anything it cannot read. Only the two simplest notations: a.b.c.d and IPv6 written
 * out in all eight groups.
 */
final class TestAddresses {

    private TestAddresses() {
    }

    static InetAddress parse(String text) {
        String[] parts = text.split(text.contains(":") ? ":" : "\\.", -1);
        if (parts.length == 4) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return of(bytes);
        }
        if (parts.length != 8) {
            throw new IllegalArgumentException("fixture addresses are a.b.c.d or eight IPv6 groups: " + text);
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            int group = Integer.parseInt(parts[i], 16);
            bytes[2 * i] = (byte) (group >> 8);
            bytes[2 * i + 1] = (byte) group;
        }
        return of(bytes);
    }

    /** Sixteen bytes stay an Inet6Address even when IPv4-mapped, as a resolver is free to return them. */
    static InetAddress of(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
