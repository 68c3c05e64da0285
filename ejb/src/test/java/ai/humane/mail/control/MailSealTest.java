package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.TokenNotDecryptable;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a queued mail becomes before it is stored (K3), and what opening it refuses. */
class MailSealTest {

    private final KeyRing ring = new KeyRing(KeyRing.generateKey());
    private final MailSeal seal = new MailSeal(ring);
    private final UUID row = UUID.randomUUID();

    @Test
    void opensToTheSameMailWithBodyLinesAndListLink() {
        OutgoingMail mail = new OutgoingMail("zoe@example.com", "Grüße ✓", "line one\n\nline three\n",
                "https://api.humane.test/api/v1/email/unsubscribe?token=abc");
        assertEquals(mail, seal.open(row, seal.seal(row, mail)));
        OutgoingMail security = new OutgoingMail("zoe@example.com", "Reset", "");
        assertEquals(security, seal.open(row, seal.seal(row, security)));
    }

    @Test
    void theTokenShowsNothingOfTheMail() {
        String token = seal.seal(row, new OutgoingMail("zoe@example.com", "Reset", "https://x.test/r?token=live"));
        assertFalse(token.contains("zoe") || token.contains("live") || token.contains("Reset"), token);
    }

    @Test
    void refusesTheTokenOfAnotherRow() {
        String token = seal.seal(UUID.randomUUID(), new OutgoingMail("zoe@example.com", "Hi", "body"));
        MailRefused refused = assertThrows(MailRefused.class, () -> seal.open(row, token));
        assertEquals("sealed is not the mail of this row", refused.reason());
    }

    @Test
    void refusesATokenOfAnotherRingOrAlteredAndSomethingThatIsNoMail() {
        String foreign = new MailSeal(new KeyRing(KeyRing.generateKey())).seal(row, new OutgoingMail("a@b.test", "Hi", "b"));
        assertThrows(TokenNotDecryptable.class, () -> seal.open(row, foreign));
        String token = seal.seal(row, new OutgoingMail("a@b.test", "Hi", "b"));
        String altered = token.substring(0, 40) + (token.charAt(40) == 'A' ? 'B' : 'A') + token.substring(41);
        assertThrows(TokenNotDecryptable.class, () -> seal.open(row, altered));
        assertThrows(MailRefused.class, () -> seal.open(row, ring.encrypt("just a secret")));
    }

    @Test
    void aMailSealedOutsideTheChecksIsCheckedWhenOpened() {
        String injected = ring.encrypt("mail-v1\n" + row + "\na@b.test, eve@evil.test\nHi\n\nbody");
        assertEquals("recipient is not a valid e-mail address",
                assertThrows(MailRefused.class, () -> seal.open(row, injected)).reason());
    }
}
