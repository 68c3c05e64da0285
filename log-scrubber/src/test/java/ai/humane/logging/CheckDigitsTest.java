package ai.humane.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A number as people write it, reduced to its digits; Luhn itself is checked in ScrubbingFormatterTest. */
class CheckDigitsTest {

    @Test
    void keepsTheAsciiDigitsInOrderAndNothingElse() {
        assertEquals("4111111111111111", CheckDigits.digits("4111 1111-1111 1111"));
        assertEquals("14155552671", CheckDigits.digits("+1 (415) 555-2671"));
        assertEquals("12", CheckDigits.digits("1٣2")); // an Arabic-Indic three is not an ASCII digit
        assertEquals("", CheckDigits.digits("no digits"));
    }
}
