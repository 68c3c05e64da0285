package ai.humane.outbound.control;

import java.util.Arrays;
import java.util.Optional;

/**
 * Strict reading of the text inside an IPv6 URL literal. Parsed here rather than by
 * InetAddress.getByName so that the literal path can never fall through to a DNS lookup, and so that
 * zone ids and sloppy forms are refused instead of interpreted.
 */
final class Ipv6Literal {

    /** Eight groups plus an embedded dotted quad: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255". */
    private static final int LONGEST = 45;

    private Ipv6Literal() {
    }

    static Optional<byte[]> parse(String text) {
        if (text.isEmpty() || text.length() > LONGEST) {
            return Optional.empty();
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return Optional.empty();
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        put(bytes, head, 0);
        put(bytes, tail, 8 - tail.length);
        return Optional.of(bytes);
    }

    /** 16-bit groups of "a:b:c"; a dotted quad may only stand last and counts as two groups. */
    private static int[] groups(String part, boolean quadAllowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int[] groups = new int[pieces.length + 1];
        int count = 0;
        for (int i = 0; i < pieces.length; i++) {
            boolean last = i == pieces.length - 1;
            if (last && quadAllowed && pieces[i].indexOf('.') >= 0) {
                byte[] quad = Ipv4Literal.parse(pieces[i]).orElse(null);
                if (quad == null) {
                    return null;
                }
                groups[count++] = (quad[0] & 0xff) << 8 | (quad[1] & 0xff);
                groups[count++] = (quad[2] & 0xff) << 8 | (quad[3] & 0xff);
            } else {
                int group = group(pieces[i]);
                if (group < 0) {
                    return null;
                }
                groups[count++] = group;
            }
        }
        return Arrays.copyOf(groups, count);
    }

    private static int group(String piece) {
        if (piece.isEmpty() || piece.length() > 4 || !Ipv4Literal.isAsciiNumber(piece, 16)) {
            return -1;
        }
        return Integer.parseInt(piece, 16);
    }

    private static void put(byte[] bytes, int[] groups, int firstGroup) {
        for (int i = 0; i < groups.length; i++) {
            bytes[2 * (firstGroup + i)] = (byte) (groups[i] >>> 8);
            bytes[2 * (firstGroup + i) + 1] = (byte) groups[i];
        }
    }
}
