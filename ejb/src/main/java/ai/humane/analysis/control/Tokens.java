package ai.humane.analysis.control;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message cut into what the lexicon reads: words (letters, digits inside a word, inner apostrophes),
 * emoji (one code point each, skin tones and joiners dropped), and the counts of {@code !} and {@code ?}.
 * Words keep whether they were written in capitals, which the method reads as emphasis.
 */
public record Tokens(List<Token> tokens, int exclamations, int questions, boolean mixedCase) {

    /** One word, emoji or clause break; {@code text} is lower-case NFC. */
    public record Token(String text, boolean word, boolean shouted) {

        /** Punctuation that ends a clause: negation and boosters do not reach across it. */
        public boolean isBreak() {
            return this == BREAK;
        }
    }

    static final Token BREAK = new Token("", false, false);

    /** French and Italian elision: l'app, j'adore, n'est are two words each. */
    private static final java.util.regex.Pattern ELISION = java.util.regex.Pattern.compile("(l|j|c|n|d|m|t|s|qu)'(\\p{L}.*)");

    public static Tokens of(String message) {
        String text = Normalizer.normalize(message, Normalizer.Form.NFC).replace('\u2019', '\'');
        List<Token> tokens = new ArrayList<>();
        int exclamations = 0;
        int questions = 0;
        boolean lower = false;
        boolean upper = false;
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean inWord = Character.isLetterOrDigit(cp) || (cp == '\'' && word.length() > 0 && i < text.length()
                    && Character.isLetter(text.codePointAt(i)));
            if (inWord) {
                word.appendCodePoint(cp);
                lower |= Character.isLowerCase(cp);
                upper |= Character.isUpperCase(cp);
                continue;
            }
            flush(word, tokens);
            if (cp == ',' || cp == '.' || cp == ';' || cp == ':') {
                tokens.add(BREAK);
            }
            if (cp == '!') {
                exclamations++;
                tokens.add(BREAK);
            } else if (cp == '?') {
                questions++;
                tokens.add(BREAK);
            } else if (isEmoji(cp)) {
                tokens.add(new Token(new String(Character.toChars(cp)), false, false));
            }
        }
        flush(word, tokens);
        return new Tokens(List.copyOf(tokens), exclamations, questions, lower && upper);
    }

    /** The lower-case words alone, in order. */
    public List<String> words() {
        return tokens.stream().filter(Token::word).map(Token::text).toList();
    }

    private static void flush(StringBuilder word, List<Token> tokens) {
        if (word.length() == 0) {
            return;
        }
        String raw = word.toString();
        boolean shouted = raw.length() > 1 && raw.codePoints().anyMatch(Character::isLetter)
                && raw.codePoints().filter(Character::isLetter).allMatch(Character::isUpperCase);
        String lower = raw.toLowerCase(Locale.ROOT);
        java.util.regex.Matcher elided = ELISION.matcher(lower);
        if (elided.matches()) {
            tokens.add(new Token(elided.group(1) + "'", true, false));
            lower = elided.group(2);
        }
        tokens.add(new Token(lower, true, shouted));
        word.setLength(0);
    }

    /** Pictographs, emoticons, transport, supplemental symbols, dingbats and the misc. symbols block. */
    static boolean isEmoji(int cp) {
        return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
    }
}
