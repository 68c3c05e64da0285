package ai.humane.analysis.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented rules of the lexicon, one at a time. */
class LexiconTest {

    private final Lexicon lexicon = new Lexicon();

    private double score(String text) {
        return lexicon.analyse(text).score();
    }

    @Test
    void scoresStayInsideMinusOneToOneAndAreDeterministic() {
        String loud = "GREAT great amazing wonderful love love love!!!!!!!!";
        assertTrue(score(loud) <= 1 && score(loud) > 0.9);
        assertTrue(score("awful horrible terrible hate worst") >= -1);
        assertEquals(lexicon.analyse(loud), lexicon.analyse(loud));
    }

    @Test
    void negationFlipsAndDampensWithinThreeWordsAndOneClause() {
        assertTrue(score("this is good") > 0);
        assertTrue(score("this is not good") < 0);
        assertTrue(Math.abs(score("this is not good")) < score("this is good"));
        assertTrue(score("it doesn't work, I'm annoyed") < 0, "a comma ends the negation");
        assertTrue(score("I'm not happy") < 0);
    }

    @Test
    void boostersDampenersCapitalsAndExclamationsShiftTheScore() {
        assertTrue(score("very good") > score("good"));
        assertTrue(score("slightly good") < score("good"));
        assertTrue(score("This is GOOD") > score("This is good"));
        assertTrue(score("good!!!") > score("good"));
        assertEquals(score("good!!!!"), score("good!!!!!!!!"), "at most four exclamation marks count");
    }

    @Test
    void wordsAfterButWeighMoreThanWordsBefore() {
        assertTrue(score("the food was good but the service was bad") < 0);
        assertTrue(score("the food was bad but the service was good") > 0);
        assertEquals("mixed", lexicon.analyse("I love the app but the support is awful").label());
    }

    @Test
    void emojiCarrySentimentAndEmotion() {
        assertTrue(score("😍") > 0);
        assertTrue(score("😡") < 0);
        assertEquals(1.0, lexicon.analyse("😭").emotions().get("sadness"));
        assertEquals("und", lexicon.analyse("😍").language());
    }

    @Test
    void detectsFourLanguagesAndSaysSoWhenItKnowsNone() {
        assertEquals("en", lexicon.analyse("The app is great").language());
        assertEquals("de", lexicon.analyse("Die App ist nicht gut").language());
        assertEquals("es", lexicon.analyse("La aplicación es muy buena").language());
        assertEquals("fr", lexicon.analyse("L'application est très bonne et je suis content").language());
        assertTrue(score("Die App ist nicht gut") < 0);
        Analysis finnish = lexicon.analyse("Sovellus toimii hyvin ja olen tyytyväinen");
        assertEquals("unsupported_language", finnish.status());
        assertNull(finnish.score());
        assertEquals("und", finnish.language());
    }

    @Test
    void emotionsAreSharesOfTheEmotionWordsNotNegated() {
        Analysis analysis = lexicon.analyse("I am happy but also worried and not angry");
        assertEquals(0.5, analysis.emotions().get("joy"));
        assertEquals(0.5, analysis.emotions().get("fear"));
        assertEquals(0.0, analysis.emotions().get("anger"));
        assertEquals(Analysis.EMOTIONS, List.copyOf(lexicon.analyse("the weather").emotions().keySet()));
    }

    @Test
    void phraseFlagsAreRaisedInEveryLanguage() {
        assertEquals(List.of("crisis"), lexicon.analyse("I want to end my life").flags());
        assertEquals(List.of("crisis"), lexicon.analyse("I just want to die, honestly").flags());
        assertTrue(lexicon.analyse("Quiero morir").flags().contains("crisis"));
        assertTrue(lexicon.analyse("you idiot, fix it").flags().contains("abuse"));
        assertTrue(lexicon.analyse("Please cancel my subscription").flags().contains("cancellation_intent"));
        assertTrue(lexicon.analyse("Ich möchte mein Abo kündigen").flags().contains("cancellation_intent"));
        assertTrue(lexicon.analyse("Can I talk to a human please").flags().contains("human_request"));
        assertTrue(lexicon.analyse("Je veux parler à un humain").flags().contains("human_request"));
        assertTrue(lexicon.analyse("This is still not working, waste of time").flags().contains("frustration"));
        assertTrue(lexicon.analyse("Why is this broken again??? Terrible!").flags().contains("frustration"));
        assertEquals(List.of(), lexicon.analyse("Thanks, have a nice day").flags());
    }

    @Test
    void personalDataInAnUnsupportedLanguageIsStillFound() {
        Analysis analysis = lexicon.analyse("Korttini numero: 4111 1111 1111 1111");
        assertEquals("unsupported_language", analysis.status());
        assertEquals(List.of("personal_data.card"), analysis.flags());
    }
}
