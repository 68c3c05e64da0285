package ai.humane.outbound.control;

import java.util.Random;

/** The many spellings one IPv4 address has in inet_aton and its relatives. */
final class Ipv4Encodings {

    private Ipv4Encodings() {
    }

    static String dotted(long value) {
        return (value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value & 0xff);
    }

    static String any(long value, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> number(value, random);
            case 1 -> number(value >>> 24, random) + "." + number(value & 0xffffff, random);
            case 2 -> number(value >>> 24, random) + "." + number(value >>> 16 & 0xff, random) + "."
                    + number(value & 0xffff, random);
            case 3 -> dotted(value) + ".";
            default -> number(value >>> 24, random) + "." + number(value >>> 16 & 0xff, random) + "."
                    + number(value >>> 8 & 0xff, random) + "." + number(value & 0xff, random);
        };
    }

    /** Decimal, octal or hex, sometimes zero-padded, sometimes upper case. */
    private static String number(long part, Random random) {
        String zeros = "0".repeat(random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0);
        return switch (random.nextInt(4)) {
            case 0 -> "0" + zeros + Long.toOctalString(part);
            case 1 -> (random.nextBoolean() ? "0x" : "0X") + zeros + Long.toHexString(part);
            default -> zeros + part;
        };
    }
}
