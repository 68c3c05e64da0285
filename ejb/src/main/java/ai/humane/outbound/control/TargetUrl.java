package ai.humane.outbound.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A user-supplied URL taken apart strictly enough that the guard and the HTTP client cannot disagree
 * about its host. java.net.URI alone is not enough: for hosts it only half understands (IDN, 127.1,
 * percent-encoding) it reports no host at all while other parsers still find one, so the authority is
 * read here and the URI handed on is rebuilt from the checked parts.
 */
record TargetUrl(String scheme, Host host, int port, URI uri) {

    /** Browsers and most servers stop around here; longer input is not a URL anyone meant to register. */
    static final int LONGEST = 2048;

    static TargetUrl parse(String input) {
        if (input == null || input.isEmpty()) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL is required");
        }
        if (input.length() > LONGEST) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL is longer than " + LONGEST + " characters");
        }
        refuseInvisibleCharacters(input);
        URI parsed = uri(input);
        String scheme = scheme(parsed);
        String authority = parsed.getRawAuthority();
        if (authority == null) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL has no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new UrlNotAllowed(Refusal.USER_INFO, "URLs with user info (user:password@) are not allowed");
        }
        int colon = portSeparator(authority);
        Host host = Host.parse(colon < 0 ? authority : authority.substring(0, colon));
        int port = colon < 0 ? -1 : port(authority.substring(colon + 1));
        return new TargetUrl(scheme, host, port, rebuild(scheme, host, port, parsed));
    }

    int effectivePort() {
        if (port > 0) {
            return port;
        }
        return "https".equals(scheme) ? 443 : 80;
    }

    /** The server the URL names, however it spelled it: the host's key and the port, as {@code host:port}. */
    String server() {
        return host.key() + ":" + effectivePort();
    }

    /** Whitespace, controls and invisible format characters are how hosts get smuggled past parsers. */
    private static void refuseInvisibleCharacters(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT) {
                throw new UrlNotAllowed(Refusal.MALFORMED, "URL contains whitespace or control characters");
            }
        }
    }

    private static URI uri(String input) {
        try {
            return new URI(input);
        } catch (URISyntaxException e) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL is malformed");
        }
    }

    private static String scheme(URI uri) {
        if (uri.getScheme() == null) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL must be absolute, like https://example.com/hook");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlNotAllowed(Refusal.SCHEME, "only http and https URLs are allowed");
        }
        if (uri.isOpaque()) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "URL must be absolute, like https://example.com/hook");
        }
        return scheme;
    }

    /** Index of the colon before the port, or -1; colons inside an IPv6 literal do not count. */
    private static int portSeparator(String authority) {
        if (!authority.startsWith("[")) {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(':') != colon) {
                throw new UrlNotAllowed(Refusal.MALFORMED, "IPv6 addresses must be written in brackets");
            }
            return colon;
        }
        int close = authority.indexOf(']');
        boolean portFollows = close >= 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':';
        if (close < 0 || (close + 1 < authority.length() && !portFollows)) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "IPv6 address is malformed");
        }
        return portFollows ? close + 1 : -1;
    }

    private static int port(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        int port = text.length() <= 5 && Ipv4Literal.isAsciiNumber(text, 10) ? Integer.parseInt(text) : 0;
        if (port < 1 || port > 65535) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "port is out of range");
        }
        return port;
    }

    private static URI rebuild(String scheme, Host host, int port, URI parsed) {
        StringBuilder text = new StringBuilder(scheme).append("://").append(host.name());
        if (port > 0) {
            text.append(':').append(port);
        }
        text.append(parsed.getRawPath());
        if (parsed.getRawQuery() != null) {
            text.append('?').append(parsed.getRawQuery());
        }
        if (parsed.getRawFragment() != null) {
            text.append('#').append(parsed.getRawFragment());
        }
        URI rebuilt = uri(text.toString());
        if (rebuilt.getHost() == null) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "host is not a valid domain name");
        }
        return rebuilt;
    }
}
