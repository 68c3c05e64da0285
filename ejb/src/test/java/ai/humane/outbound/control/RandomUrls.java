package ai.humane.outbound.control;

import java.util.List;
import java.util.Random;

/**
 * Random guard input: raw garbage, mutated corpus URLs, and IP literals in every encoding. Literal
 * samples also say what the guard must decide when that is known without the guard.
 */
final class RandomUrls {

    /** What a sample must come to; UNKNOWN only asks that the guard refuse cleanly or accept safely. */
    enum Expect { ACCEPT, REFUSE, UNKNOWN }

    record Sample(String url, Expect expect) {
    }

    private static final String URL_CHARS = ":/@[]%.#?\\x0123456789abcdefABCDEF-_~ \t\n\u0000\u3002\uff0e\u00fc\u200b";
    private static final List<String> HOST_SUFFIXES = List.of(".com", ".example", ".internal", ".local",
            ".localhost", ".home.arpa", "", ".", ".example.net");

    private final Random random;
    private final List<String> corpus;
    private final RandomAddresses addresses;

    RandomUrls(Random random, List<String> corpus) {
        this.random = random;
        this.corpus = corpus;
        this.addresses = new RandomAddresses(random);
    }

    Sample next() {
        return switch (random.nextInt(6)) {
            case 0 -> new Sample(garbage(), Expect.UNKNOWN);
            case 1 -> new Sample(mutated(corpus.get(random.nextInt(corpus.size()))), Expect.UNKNOWN);
            case 2 -> ipv4();
            case 3 -> ipv6();
            default -> new Sample(named(), Expect.UNKNOWN);
        };
    }

    private String garbage() {
        int length = random.nextInt(20) == 0 ? 2000 + random.nextInt(3000) : random.nextInt(80);
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "http://" : "");
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) (0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }

    private String mutated(String url) {
        StringBuilder text = new StringBuilder(url);
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(text.length() + 1);
            char c = URL_CHARS.charAt(random.nextInt(URL_CHARS.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, c);
                case 1 -> { if (at < text.length()) text.deleteCharAt(at); }
                default -> { if (at < text.length()) text.setCharAt(at, c); }
            }
        }
        return text.toString();
    }

    private Sample ipv4() {
        long value = addresses.ipv4();
        String host = random.nextInt(3) == 0 ? Ipv4Encodings.dotted(value) : Ipv4Encodings.any(value, random);
        String dotted = Ipv4Encodings.dotted(value);
        boolean canonical = host.equals(dotted) || host.equals(dotted + ".");
        Expect expect = !canonical ? Expect.REFUSE
                : NonPublicNetworks.isPublicV4(value) ? Expect.ACCEPT : Expect.REFUSE;
        return new Sample(validScheme() + host + validPort() + "/hook", expect);
    }

    private Sample ipv6() {
        byte[] bytes = addresses.ipv6();
        boolean zoned = random.nextInt(10) == 0;
        String literal = Ipv6Encodings.any(bytes, random) + (zoned ? "%25eth0" : "");
        boolean isPublic = NonPublicNetworks.isPublic(TestAddresses.of(bytes));
        Expect expect = !zoned && isPublic ? Expect.ACCEPT : Expect.REFUSE;
        return new Sample(validScheme() + "[" + literal + "]" + validPort() + "/", expect);
    }

    private String named() {
        StringBuilder host = new StringBuilder();
        for (int labels = 1 + random.nextInt(3); labels > 0; labels--) {
            String label = Long.toString(random.nextLong() & 0xffffff, 36);
            host.append(labels > 1 || random.nextBoolean() ? "" : "x").append(label).append('.');
        }
        host.setLength(host.length() - 1);
        String userInfo = random.nextInt(8) == 0 ? "user@" : "";
        return scheme() + userInfo + host + HOST_SUFFIXES.get(random.nextInt(HOST_SUFFIXES.size())) + port() + "/p?q=1";
    }

    private String scheme() {
        return List.of("http://", "https://", "HTTPS://", "ftp://").get(random.nextInt(4));
    }

    private String port() {
        return random.nextInt(3) == 0 ? ":" + (random.nextInt(70000)) : "";
    }

    /** Literal samples only vary the host, so that what the guard must decide follows from the host. */
    private String validScheme() {
        return List.of("http://", "https://", "HTTPS://").get(random.nextInt(3));
    }

    private String validPort() {
        return random.nextInt(3) == 0 ? ":" + (1 + random.nextInt(65535)) : "";
    }
}
