package ai.humane.logging;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
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

    private static final List<String> SECRETS = List.of(SECRET_NAMES.split("\\|"));
    /** The names as a JSON key, and as one quoted inside a JSON string: what the guards look for, built once. */
    private static final List<String> QUOTED = SECRETS.stream().map(n -> "\"" + n + "\"").toList();
    private static final List<String> ESCAPED = SECRETS.stream().map(n -> "\\\"" + n + "\\\"").toList();

    /**
     * Each rule with a cheap test its pattern cannot match without (a '@' for an address, enough digits
     * in one run for a card or phone), so a line without such text never pays for the regular expression.
     * The tests only ever skip a rule that could not have matched the original text; replacements never
     * add what another rule looks for.
     */
    private static final List<Rule> RULES = List.of(
            replace(t -> t.lowerContainsAny(QUOTED),
                    "(?i)\"(" + SECRET_NAMES + ")\""
                    + "\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"", "\"$1\":\"[redacted]\""),
            // The same inside a JSON string (an access-log line quoting a header): quotes are escaped.
            replace(t -> t.lowerContainsAny(ESCAPED),
                    "(?i)\\\\\"(" + SECRET_NAMES + ")\\\\\"\\s*:\\s*\\\\\"(?:[^\"\\\\]|\\\\[^\"])*\\\\\"",
                    "\\\\\"$1\\\\\":\\\\\"[redacted]\\\\\""),
            // A form or query string: the secret names as the JSON rules know them, with the short spellings of a
            // password (until 2026-12-07 `new_password=`, `current_password=` and `access_token=` went through).
            replace(Text::hasEquals, "(?i)\\b(passwd|pwd|" + SECRET_NAMES + ")=[^\\s&;,\"]+", "$1=[redacted]"),
            replace(t -> t.lower().contains("bearer") || t.lower().contains("basic"),
                    "(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 [redacted]"),
            replace(t -> t.text().contains("hk_"), "\\bhk_(live|test)_[A-Za-z0-9_-]+", "hk_$1_[redacted]"),
            replace(Text::hasEquals, "(?i)\\b(humane_session|humane_csrf|jsessionid|session_id|sessionid)=[^;\\s&\",]+",
                    "$1=[redacted]"),
            replace(t -> t.text().indexOf('@') >= 0, "(?i)[a-z0-9._%+-]{1,64}@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}",
                    "[email]"),
            new Rule(t -> t.digitRun() >= 13, Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])"),
                    Scrubber::card, null),
            replace(t -> t.digitRun() >= 12, "(?<![\\w-])[2-9]\\d{3}[ -]?\\d{4}[ -]?\\d{4}(?![\\w-])", "[aadhaar]"),
            replace(t -> t.capitalRun() >= 5, "\\b[A-Z]{3}[PCHFATBLJG][A-Z]\\d{4}[A-Z]\\b", "[pan]"),
            replace(t -> t.text().indexOf('+') >= 0,
                    "(?<![\\w+-])\\+\\d{1,3}[ -]?(?:\\(?\\d{1,5}\\)?[ -]?)?\\d{2,5}(?:[ -]?\\d{2,5}){1,3}(?![\\w-])", "[phone]"),
            replace(t -> t.digitRun() >= 9, "(?<![\\w-])\\(?\\d{3,5}\\)?[ -]\\d{3,4}[ -]\\d{3,4}(?![\\w-])", "[phone]"),
            replace(t -> t.digitRun() >= 10, "(?<![\\w-])[6-9]\\d{9}(?![\\w-])", "[phone]"));

    private Scrubber() {
    }

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Text facts = Text.of(text);
        String result = text;
        for (Rule rule : RULES) {
            if (rule.guard().test(facts)) {
                result = rule.apply(result);
            }
        }
        return result;
    }

    /** Every rule, guards ignored: what {@link #scrub} must always equal (tested on generated text). */
    static String scrubByEveryRule(String text) {
        String result = text;
        for (Rule rule : RULES) {
            result = rule.apply(result);
        }
        return result;
    }

    private static String card(String candidate) {
        // The card pattern matched only digits, spaces and dashes.
        String digits = CheckDigits.digits(candidate);
        return digits.length() >= 13 && digits.length() <= 19 && CheckDigits.luhn(digits) ? "[card]" : candidate;
    }

    private static Rule replace(Predicate<Text> guard, String regex, String replacement) {
        return new Rule(guard, Pattern.compile(regex), null, replacement);
    }

    /** What the guards ask of a text, worked out once per text. */
    private record Text(String text, String lower, boolean hasEquals, int digitRun, int capitalRun) {

        /** digitRun: most digits in a stretch of digits, spaces, dashes and parentheses; capitalRun: of A-Z. */
        static Text of(String text) {
            int digits = 0;
            int digitRun = 0;
            int capitals = 0;
            int capitalRun = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digitRun = Math.max(digitRun, ++digits);
                } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
                    digits = 0;
                }
                capitals = c >= 'A' && c <= 'Z' ? capitals + 1 : 0;
                capitalRun = Math.max(capitalRun, capitals);
            }
            return new Text(text, text.toLowerCase(Locale.ROOT), text.indexOf('=') >= 0, digitRun, capitalRun);
        }

        boolean lowerContainsAny(List<String> needles) {
            for (String needle : needles) {
                if (lower.contains(needle)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Rule(Predicate<Text> guard, Pattern pattern, Function<String, String> mask, String replacement) {

        String apply(String text) {
            if (mask == null) {
                return pattern.matcher(text).replaceAll(replacement);
            }
            Matcher m = pattern.matcher(text);
            return m.replaceAll(r -> Matcher.quoteReplacement(mask.apply(r.group())));
        }
    }
}
