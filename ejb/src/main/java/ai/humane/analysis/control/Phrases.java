package ai.humane.analysis.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The phrase flags (crisis or self-harm language, abuse, cancellation intent, frustration, a request for a
 * human) of every supported language, matched on whole words in order, whatever language the message is
 * mostly in: a plea in Spanish inside an English conversation must still raise {@code crisis}.
 */
final class Phrases {

    private Phrases() {
    }

    static List<String> flags(List<String> words, List<WordList> languages) {
        String text = " " + String.join(" ", words) + " ";
        List<String> flags = new ArrayList<>();
        for (WordList language : languages) {
            for (WordList.Phrase phrase : language.flags()) {
                if (!flags.contains(phrase.flag()) && text.contains(" " + phrase.phrase() + " ")) {
                    flags.add(phrase.flag());
                }
            }
        }
        return flags;
    }

}
