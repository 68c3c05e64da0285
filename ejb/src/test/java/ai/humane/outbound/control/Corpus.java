package ai.humane.outbound.control;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The URL corpora under outbound/: each line is a URL and what is expected of it. */
final class Corpus {

    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private Corpus() {
    }

    record Refused(Refusal refusal, String url) {
    }

    record Accepted(String url, List<String> pinned) {
    }

    static List<Refused> refused() {
        return ScriptedResolver.lines("outbound/refused-urls.txt").stream()
                .map(line -> line.split(" ", 2))
                .map(fields -> new Refused(Refusal.valueOf(fields[0]), unescape(fields[1])))
                .toList();
    }

    static List<Accepted> accepted() {
        return ScriptedResolver.lines("outbound/accepted-urls.txt").stream()
                .map(line -> line.split(" ", 2))
                .map(fields -> new Accepted(unescape(fields[0]), Arrays.asList(fields[1].split(","))))
                .toList();
    }

    /** \\uXXXX lets the files hold whitespace and invisible characters without hiding them. */
    static String unescape(String text) {
        Matcher matcher = ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            char c = (char) Integer.parseInt(matcher.group(1), 16);
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(c)));
        }
        return matcher.appendTail(out).toString();
    }

    /** Printable form for test names and failure messages. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().limit(200).forEach(c -> out.append(c >= 0x21 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return text.length() > 200 ? out + "...(" + text.length() + " chars)" : out.toString();
    }
}
