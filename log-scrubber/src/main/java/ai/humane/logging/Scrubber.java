package ai.humane.logging;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must never reach a log: secrets first (they may contain digits or '@' that later rules
 * would only half-mask), then personal data. Over-masking a number that only looks like a phone is
 * accepted; leaking one is not. Card numbers are masked only when Luhn-valid, so ids and timestamps
 * of the same length stay readable.
 */
public final class Scrubber {

    private static final String SECRET_NAMES = "password|new_password|current_password|passphrase|secret|client_secret"
            + "|api_key|apikey|key|token|access_token|refresh_token|id_token|authorization|cookie|session|session_id|csrf_token";

    private static final List<Rule> RULES = List.of(
            replace("(?i)\"(" + SECRET_NAMES + ")\""
                    + "\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"", "\"$1\":\"[redacted]\""),
            // The same inside a JSON string (an access-log line quoting a header): quotes are escaped.
            replace("(?i)\\\\\"(" + SECRET_NAMES + ")\\\\\"\\s*:\\s*\\\\\"(?:[^\"\\\\]|\\\\[^\"])*\\\\\"",
                    "\\\\\"$1\\\\\":\\\\\"[redacted]\\\\\""),
            replace("(?i)\\b(password|passwd|pwd|secret|client_secret|api_key|token)=[^\\s&;,\"]+", "$1=[redacted]"),
            replace("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 [redacted]"),
            replace("\\bhk_(live|test)_[A-Za-z0-9_-]+", "hk_$1_[redacted]"),
            replace("(?i)\\b(humane_session|humane_csrf|jsessionid|session_id|sessionid)=[^;\\s&\",]+", "$1=[redacted]"),
            replace("(?i)[a-z0-9._%+-]{1,64}@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}", "[email]"),
            new Rule(Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])"), Scrubber::card),
            replace("(?<![\\w-])[2-9]\\d{3}[ -]?\\d{4}[ -]?\\d{4}(?![\\w-])", "[aadhaar]"),
            replace("\\b[A-Z]{3}[PCHFATBLJG][A-Z]\\d{4}[A-Z]\\b", "[pan]"),
            replace("(?<![\\w+-])\\+\\d{1,3}[ -]?(?:\\(?\\d{1,5}\\)?[ -]?)?\\d{2,5}(?:[ -]?\\d{2,5}){1,3}(?![\\w-])", "[phone]"),
            replace("(?<![\\w-])\\(?\\d{3,5}\\)?[ -]\\d{3,4}[ -]\\d{3,4}(?![\\w-])", "[phone]"),
            replace("(?<![\\w-])[6-9]\\d{9}(?![\\w-])", "[phone]"));

    private Scrubber() {
    }

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            result = rule.apply(result);
        }
        return result;
    }

    /** Luhn: only a number a card network could have issued is masked. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static String card(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        return digits.length() >= 13 && digits.length() <= 19 && luhn(digits) ? "[card]" : candidate;
    }

    private static Rule replace(String regex, String replacement) {
        return new Rule(Pattern.compile(regex), null, replacement);
    }

    private record Rule(Pattern pattern, Function<String, String> mask, String replacement) {

        Rule(Pattern pattern, Function<String, String> mask) {
            this(pattern, mask, null);
        }

        String apply(String text) {
            if (mask == null) {
                return pattern.matcher(text).replaceAll(replacement);
            }
            Matcher m = pattern.matcher(text);
            return m.replaceAll(r -> Matcher.quoteReplacement(mask.apply(r.group())));
        }
    }
}
