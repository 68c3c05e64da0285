package ai.humane.outbound.control;

import java.util.List;
import java.util.Random;

/**
 * Random addresses, half of them drawn near the edges of special blocks, because uniformly random
 * addresses almost never land in a /16 and would leave the interesting cases untested.
 */
final class RandomAddresses {

    private static final long[][] V4_BLOCKS = {
        {0x00000000L, 8}, {0x0a000000L, 8}, {0x64400000L, 10}, {0x7f000000L, 8}, {0xa9fe0000L, 16},
        {0xac100000L, 12}, {0xc0000000L, 24}, {0xc0000200L, 24}, {0xc0586300L, 24}, {0xc0a80000L, 16},
        {0xc6120000L, 15}, {0xc6336400L, 24}, {0xcb007100L, 24}, {0xe0000000L, 4}, {0xf0000000L, 4},
        {0x08080808L, 32}, {0x01010101L, 32}};

    /** Leading hex digits of IPv6 prefixes worth hitting; the rest of the address is random. */
    private static final List<String> V6_PREFIXES = List.of("00000000000000000000ffff", "0000000000000000000000000000",
            "0064ff9b000000000000000", "0064ff9b0001", "2002", "20010000", "20010db8", "2001", "3fff", "fc", "fd",
            "fe8", "fec", "ff", "2606", "2a00", "0100000000000000", "5f", "");

    private final Random random;

    RandomAddresses(Random random) {
        this.random = random;
    }

    long ipv4() {
        long any = random.nextLong() & 0xffffffffL;
        if (random.nextBoolean()) {
            return any;
        }
        long[] block = V4_BLOCKS[random.nextInt(V4_BLOCKS.length)];
        int bits = (int) block[1];
        long host = bits == 32 ? 0 : any & (0xffffffffL >>> bits);
        long edge = random.nextInt(4) == 0 ? (1L << (32 - bits)) : 0; // just past the block
        return (block[0] + host + edge) & 0xffffffffL;
    }

    byte[] ipv6() {
        String prefix = V6_PREFIXES.get(random.nextInt(V6_PREFIXES.size()));
        StringBuilder hex = new StringBuilder(prefix);
        while (hex.length() < 32) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        if (prefix.length() >= 24 && random.nextBoolean()) {
            hex.replace(24, 32, String.format("%08x", ipv4()));
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
