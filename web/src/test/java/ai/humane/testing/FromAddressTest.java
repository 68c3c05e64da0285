package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The addresses tests take as their own clients: loopback, apart from the ones tests name, and never one twice. */
class FromAddressTest {

    private static final Pattern LOOPBACK = Pattern.compile("127\\.(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * 300,000 calls, more than a run makes: drawn at random from the 16 million, two would be the same almost
     * surely (the birthday bound), so this fails for a random pick and holds for one that counts.
     */
    @Test
    void freshAddressesAreLoopbackOutside127Dot0AndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300_000; i++) {
            String address = FromAddress.fresh();
            Matcher m = LOOPBACK.matcher(address);
            assertTrue(m.matches(), address);
            int b = Integer.parseInt(m.group(1));
            int c = Integer.parseInt(m.group(2));
            int d = Integer.parseInt(m.group(3));
            assertTrue(b >= 1 && b <= 254 && c <= 255 && d >= 1 && d <= 254, address);
            assertTrue(seen.add(address), address + " handed out twice, after " + i + " others");
        }
    }
}
