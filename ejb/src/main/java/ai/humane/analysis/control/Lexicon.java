package ai.humane.analysis.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in engine: deterministic, no network, microseconds per message. The method is rule-based
 * sentiment in the manner of VADER (Hutto and Gilbert, ICWSM 2014) with word lists written for Humane:
 * each known word or emoji has a valence in [-4, 4]; a word in capitals within mixed-case text gains
 * 0.733; a booster up to three words before shifts it by its scalar (0.95 and 0.9 of it at distance two
 * and three); a negator up to three words before flips it and scales it by 0.74; after a contrast word
 * ("but") words count 1.5 and before it 0.5; each of up to four {@code !} adds 0.292 in the direction of
 * the sum. The sum s becomes the score s / sqrt(s² + 15) in [-1, 1]. A message with strong positive and
 * negative words alike is labelled {@code mixed}. The language is the one whose stop words and lexicon
 * words the message uses most (English, German, Spanish, French); a message with words of none of them
 * is answered {@code unsupported_language} rather than guessed. See docs/api.md for the contract.
 */
public final class Lexicon {

    private static final double ALPHA = 15;
    private static final double CAPS = 0.733;
    private static final double NEGATION = -0.74;
    private static final double EXCLAMATION = 0.292;
    private static final double[] DISTANCE = {1.0, 0.95, 0.9};

    private final List<WordList> languages;
    private final WordList emoji;

    private static final Lexicon SHARED = new Lexicon();

    /** One per application: the lists are read once and never change, so it is safe to share. */
    public static Lexicon shared() {
        return SHARED;
    }

    public Lexicon() {
        this(List.of(WordList.load("en"), WordList.load("de"), WordList.load("es"), WordList.load("fr")),
                WordList.load("emoji"));
    }

    Lexicon(List<WordList> languages, WordList emoji) {
        this.languages = List.copyOf(languages);
        this.emoji = emoji;
    }

    public Analysis analyse(String message) {
        Tokens tokens = Tokens.of(message);
        List<String> words = tokens.words();
        List<String> flags = new ArrayList<>(PersonalData.kinds(message));
        flags.addAll(Phrases.flags(words, languages));
        Optional<WordList> language = language(words);
        if (language.isEmpty() && !words.isEmpty() && words.stream().anyMatch(w -> w.codePoints().anyMatch(Character::isLetter))) {
            return new Analysis("unsupported_language", null, null, Map.of(), flags, "und");
        }
        WordList lang = language.orElse(languages.get(0));
        Scored scored = score(tokens, lang);
        if (scored.frustrated()) {
            flags.add("frustration");
        }
        String label = scored.mixed() ? "mixed" : Analysis.label(scored.score());
        return new Analysis("completed", scored.score(), label, emotions(tokens, lang), flags,
                language.map(WordList::name).orElse("und"));
    }

    Optional<WordList> language(List<String> words) {
        return languages.stream().filter(l -> l.evidence(words) > 0)
                .max(Comparator.comparingInt((WordList l) -> l.evidence(words)));
    }

    private Scored score(Tokens tokens, WordList lang) {
        List<Tokens.Token> list = tokens.tokens();
        int contrastAt = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).word() && lang.contrast().contains(list.get(i).text())) {
                contrastAt = i;
            }
        }
        double sum = 0;
        double positive = 0;
        double negative = 0;
        for (int i = 0; i < list.size(); i++) {
            double v = valence(list, i, lang, tokens.mixedCase());
            if (v == 0) {
                continue;
            }
            if (v > 0) {
                positive += v;
            } else {
                negative -= v;
            }
            sum += contrastAt < 0 ? v : i < contrastAt ? v * 0.5 : i > contrastAt ? v * 1.5 : v;
        }
        if (sum != 0) {
            sum += Math.signum(sum) * Math.min(4, tokens.exclamations()) * EXCLAMATION;
        }
        double score = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + ALPHA)));
        boolean mixed = positive >= 1.5 && negative >= 1.5 && Math.min(positive, negative) >= 0.5 * Math.max(positive, negative);
        boolean frustrated = score <= -0.3 && tokens.exclamations() + tokens.questions() >= 3;
        return new Scored(Math.round(score * 10000) / 10000.0, mixed, frustrated);
    }

    private double valence(List<Tokens.Token> list, int i, WordList lang, boolean mixedCase) {
        Tokens.Token token = list.get(i);
        Double base = token.word() ? lang.valence().get(token.text()) : emoji.valence().get(token.text());
        if (base == null && token.word() && token.text().endsWith("s")) {
            base = lang.valence().get(token.text().substring(0, token.text().length() - 1));
        }
        if (base == null || lang.negators().contains(token.text())) {
            return 0;
        }
        double v = base;
        if (token.shouted() && mixedCase) {
            v += Math.signum(v) * CAPS;
        }
        boolean negated = false;
        for (int back = 1; back <= 3 && i - back >= 0; back++) {
            Tokens.Token before = list.get(i - back);
            if (before.isBreak()) {
                break;
            }
            if (!before.word()) {
                continue;
            }
            Double booster = lang.boosters().get(before.text());
            if (booster != null) {
                v += Math.signum(v) * booster * DISTANCE[back - 1];
            }
            negated |= lang.negators().contains(before.text()) || before.text().endsWith("n't");
        }
        return negated ? v * NEGATION : v;
    }

    /** Shares of the six emotions among the emotion words and emoji not negated; all zero when there are none. */
    private Map<String, Double> emotions(Tokens tokens, WordList lang) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Tokens.Token> list = tokens.tokens();
        for (int i = 0; i < list.size(); i++) {
            Tokens.Token token = list.get(i);
            String emotion = token.word() ? lang.emotions().get(token.text()) : emoji.emotions().get(token.text());
            if (emotion != null && !negated(list, i, lang)) {
                counts.merge(emotion, 1, Integer::sum);
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String emotion : Analysis.EMOTIONS) {
            shares.put(emotion, total == 0 ? 0.0 : Math.round(10000.0 * counts.getOrDefault(emotion, 0) / total) / 10000.0);
        }
        return shares;
    }

    private static boolean negated(List<Tokens.Token> list, int i, WordList lang) {
        for (int back = 1; back <= 3 && i - back >= 0; back++) {
            Tokens.Token before = list.get(i - back);
            if (before.isBreak()) {
                return false;
            }
            if (before.word() && (lang.negators().contains(before.text()) || before.text().endsWith("n't"))) {
                return true;
            }
        }
        return false;
    }

    private record Scored(double score, boolean mixed, boolean frustrated) {
    }
}
