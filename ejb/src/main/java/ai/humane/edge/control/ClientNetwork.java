package ai.humane.edge.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What a client's address is counted under by the rate limiter (A1) and the sign-in throttle (S2): an IPv4 address
 * as it is, an IPv6 address by its /64 network. One IPv6 subscriber is routinely given a whole /64 (RFC 6177) and its
 * hosts pick new addresses in it at will (RFC 8981), so counted per address a single client had a fresh budget for
 * every address it chose. An IPv4 address inside IPv6 ({@code ::ffff:a.b.c.d}) is its IPv4 address.
 */
public final class ClientNetwork {

    private static final int NETWORK_BYTES = 8;

    private ClientNetwork() {
    }

    /** The address's counted key; anything that is not an address literal is left as it is (never looked up). */
    public static String of(String address) {
        byte[] bytes = TrustedProxies.bytes(address);
        if (bytes == null) {
            return address;
        }
        return bytes.length == 4 ? text(bytes) : text(Arrays.copyOf(Arrays.copyOf(bytes, NETWORK_BYTES), 16)) + "/64";
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
