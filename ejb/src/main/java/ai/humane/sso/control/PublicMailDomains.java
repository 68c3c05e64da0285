package ai.humane.sso.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mail domains anyone can have an address at (gmail.com, outlook.com, …): no tenant may claim one, or its
 * connection could sign in strangers. The list is {@code public-mail-domains.txt} beside this class, one domain a
 * line; a subdomain of a listed domain is refused too.
 */
public final class PublicMailDomains {

    private static final Set<String> LISTED = load();

    private PublicMailDomains() {
    }

    public static boolean contains(String domain) {
        for (String candidate = domain; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            if (LISTED.contains(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load() {
        try (InputStream in = PublicMailDomains.class.getResourceAsStream("public-mail-domains.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
