package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.problems.control.InvalidField;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kate@example.com|kate@example.com",
            "'  kate@example.com\t'|kate@example.com",
            "'\n Kate@Example.COM \r\n'|kate@example.com",
            "KATE.SMITH+news@EXAMPLE.co.uk|kate.smith+news@example.co.uk",
            "o'brien@example.ie|o'brien@example.ie",
            "user@xn--mller-kva.example|user@xn--mller-kva.example"})
    void trimsAndFoldsAsciiToOneSpelling(String typed, String canonical) {
        assertEquals(Optional.of(new EmailAddress(canonical)), EmailAddress.canonical(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\u212Aate@example.com",        // Kelvin sign: Java folds it to k, so it would be kate's address
            "\u0130sa@example.com",         // dotted capital I: Java and PostgreSQL fold it differently
            "isa@example.com\u0307",
            "kate@\u212Aexample.com",
            "kate@m\u00fcller.example",     // an internationalised domain goes in its xn-- form
            "ka\u0000te@example.com",
            "kate@exam\u007fple.com",
            "ka te@example.com",
            "\u00a0kate@example.com",       // no-break space is not white space to trim
            "kate@example.com\u200b",
            "\uff4bate@example.com",        // fullwidth k
            "\"kate\"@example.com",
            "kate@@example.com",
            "kate@example",
            "kate@[127.0.0.1]",
            ".kate@example.com",
            "kate.@example.com",
            "ka..te@example.com",
            "kate@-example.com",
            "kate@example-.com",
            "kate@example..com",
            "@example.com",
            "kate@",
            "",
            "   "})
    void refusesWhatHasNoSafeOneSpelling(String typed) {
        assertEquals(Optional.empty(), EmailAddress.canonical(typed), typed);
    }

    @Test
    void boundsTheLocalPartAndTheWhole() {
        String domain = "@" + "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + ".example";
        assertTrue(EmailAddress.canonical("k".repeat(64) + "@example.com").isPresent());
        assertEquals(Optional.empty(), EmailAddress.canonical("k".repeat(65) + "@example.com"));
        assertTrue(EmailAddress.canonical("k".repeat(254 - domain.length()) + domain).isPresent());
        assertEquals(Optional.empty(), EmailAddress.canonical("k".repeat(255 - domain.length()) + domain));
        assertEquals(Optional.empty(), EmailAddress.canonical(null));
    }

    @Test
    void namesTheFieldAndSaysWhyWhenRefusing() {
        InvalidField ascii = assertThrows(InvalidField.class, () -> EmailAddress.parse("email", "\u212Aate@example.com"));
        assertEquals("email", ascii.errors().get(0).field());
        assertTrue(ascii.errors().get(0).message().contains("ASCII"), ascii.errors().get(0).message());
        InvalidField shape = assertThrows(InvalidField.class, () -> EmailAddress.parse("invitee", "not an address"));
        assertEquals("invitee", shape.errors().get(0).field());
        assertEquals("kate@example.com", EmailAddress.parse("email", " Kate@example.com ").value());
    }

    @Test
    void aValueNotInItsOneSpellingIsNoAddress() {
        assertThrows(IllegalArgumentException.class, () -> new EmailAddress("Kate@example.com"));
        assertThrows(IllegalArgumentException.class, () -> new EmailAddress(" kate@example.com"));
    }
}
