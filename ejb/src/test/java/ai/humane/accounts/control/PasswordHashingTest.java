package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    private final PasswordHashing hashing = new PasswordHashing();

    @Test
    void hashesAtCostTwelveAndVerifies() {
        String hash = hashing.hash("correct horse battery");
        assertTrue(hash.startsWith("$2b$12$"), hash);
        assertTrue(hashing.verify("correct horse battery", hash));
        assertFalse(hashing.verify("correct horse batterz", hash));
    }

    @Test
    void usesAllSeventyTwoBytes() {
        String base = "x".repeat(71);
        String hash = hashing.hash(base + "a");
        assertFalse(hashing.verify(base + "b", hash), "the 72nd byte must count");
    }

    @Test
    void anUnknownAccountNeverVerifies() {
        assertFalse(hashing.verify("anything at all", null));
    }

    @Test
    void aLowerCostHashNeedsRehashing() {
        String costTen = BCrypt.withDefaults().hashToString(10, "correct horse battery".toCharArray());
        assertTrue(hashing.verify("correct horse battery", costTen));
        assertTrue(PasswordHashing.needsRehash(costTen));
        assertFalse(PasswordHashing.needsRehash(hashing.hash("correct horse battery")));
    }
}
