package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.problems.control.InvalidField;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void acceptsSeventyTwoBytesAndRefusesSeventyThree() {
        assertDoesNotThrow(() -> PasswordPolicy.require("password", "a".repeat(72)));
        InvalidField refused = assertThrows(InvalidField.class, () -> PasswordPolicy.require("password", "a".repeat(73)));
        assertEquals("password", refused.errors().get(0).field());
    }

    @Test
    void countsBytesNotCharacters() {
        String thirtySevenTwoByteCharacters = "é".repeat(37);
        assertThrows(InvalidField.class, () -> PasswordPolicy.require("password", thirtySevenTwoByteCharacters));
        assertDoesNotThrow(() -> PasswordPolicy.require("password", "é".repeat(36)));
    }

    @Test
    void refusesFewerThanTwelveCharacters() {
        assertThrows(InvalidField.class, () -> PasswordPolicy.require("password", "elevenchars"));
        assertThrows(InvalidField.class, () -> PasswordPolicy.require("password", null));
        assertDoesNotThrow(() -> PasswordPolicy.require("password", "twelve chars"));
    }
}
