package ai.humane.analysis.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The word lists of one language (or of emoji), read from {@code ai/humane/analysis/lexicon/<name>.lexicon}:
 * sections {@code [valence]} (word, -4..4), {@code [negators]}, {@code [boosters]} (word, scalar),
 * {@code [contrast]}, {@code [emotions]} (word, emotion), {@code [stopwords]} and {@code [flags]} (flag,
 * phrase). The lists were written for Humane; their provenance is in the folder's README.
 */
public record WordList(String name, Map<String, Double> valence, Set<String> negators, Map<String, Double> boosters,
                       Set<String> contrast, Map<String, String> emotions, Set<String> stopwords, List<Phrase> flags) {

    /** A flag raised when the words of {@code phrase} (tokenised like a message) appear in this order, side by side. */
    public record Phrase(String flag, String phrase) {
    }

    public static WordList load(String name) {
        String resource = "/ai/humane/analysis/lexicon/" + name + ".lexicon";
        try (InputStream in = WordList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no word list " + resource);
            }
            return parse(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WordList parse(String name, List<String> lines) {
        Map<String, Double> valence = new HashMap<>();
        Set<String> negators = new HashSet<>();
        Map<String, Double> boosters = new HashMap<>();
        Set<String> contrast = new HashSet<>();
        Map<String, String> emotions = new HashMap<>();
        Set<String> stopwords = new HashSet<>();
        List<Phrase> flags = new ArrayList<>();
        String section = "";
        for (String raw : lines) {
            String line = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            int space = line.indexOf(' ');
            String first = space < 0 ? line : line.substring(0, space);
            String rest = space < 0 ? "" : line.substring(space + 1).strip();
            switch (section) {
                case "[valence]" -> valence.put(first, Double.parseDouble(rest));
                case "[negators]" -> negators.add(line);
                case "[boosters]" -> boosters.put(first, Double.parseDouble(rest));
                case "[contrast]" -> contrast.add(line);
                case "[emotions]" -> emotions.put(first, rest);
                case "[stopwords]" -> stopwords.add(line);
                case "[flags]" -> flags.add(new Phrase(first, String.join(" ", Tokens.of(rest).words())));
                default -> throw new IllegalStateException(name + ": a line outside any section: " + raw);
            }
        }
        return new WordList(name, Map.copyOf(valence), Set.copyOf(negators), Map.copyOf(boosters), Set.copyOf(contrast),
                Map.copyOf(emotions), Set.copyOf(stopwords), List.copyOf(flags));
    }

    /** How strongly a set of words says "this is my language": stop words and known sentiment or emotion words. */
    int evidence(List<String> words) {
        int hits = 0;
        for (String word : words) {
            if (stopwords.contains(word) || valence.containsKey(word) || emotions.containsKey(word) || negators.contains(word)) {
                hits++;
            }
        }
        return hits;
    }
}
