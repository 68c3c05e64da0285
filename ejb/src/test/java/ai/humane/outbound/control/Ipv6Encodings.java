package ai.humane.outbound.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/** Valid spellings of one IPv6 address: full, padded, compressed, upper case, with a dotted tail. */
final class Ipv6Encodings {

    private Ipv6Encodings() {
    }

    static String any(byte[] bytes, Random random) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
        }
        boolean dottedTail = random.nextInt(4) == 0;
        int count = dottedTail ? 6 : 8;
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            texts[i] = random.nextInt(4) == 0 ? String.format("%04x", groups[i]) : Integer.toHexString(groups[i]);
        }
        String text = random.nextBoolean() ? compressed(texts, groups) : String.join(":", texts);
        if (dottedTail) {
            text += (text.endsWith(":") ? "" : ":") + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "."
                    + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        return random.nextInt(4) == 0 ? text.toUpperCase(Locale.ROOT) : text;
    }

    /** Replaces the longest run of zero groups with "::". */
    private static String compressed(String[] texts, int[] groups) {
        int bestStart = -1;
        int bestLength = 0;
        for (int start = 0; start < texts.length; start++) {
            int length = 0;
            while (start + length < texts.length && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        if (bestLength == 0) {
            return String.join(":", texts);
        }
        String head = String.join(":", Arrays.copyOfRange(texts, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(texts, bestStart + bestLength, texts.length));
        return head + "::" + tail;
    }
}
