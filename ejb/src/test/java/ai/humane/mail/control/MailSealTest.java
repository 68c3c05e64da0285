package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.TokenNotDecryptable;
import java.util.Optional;
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

    /** A request is never opened as a mail, so it cannot be sent as one; a mail is no request. */
    @Test
    void aRequestOpensAsARequestOfItsRowAndNeverAsAMail() {
        String token = seal.sealRequest(row, MailKind.PASSWORD_RESET_REQUEST, "zoe@example.com");
        assertFalse(token.contains("zoe"), token);
        assertEquals(Optional.of(new QueuedRequest(MailKind.PASSWORD_RESET_REQUEST, "zoe@example.com")),
                seal.request(row, token));
        assertEquals("sealed is not the mail of this row",
                assertThrows(MailRefused.class, () -> seal.open(row, token)).reason());
        assertEquals("sealed is not the request of this row",
                assertThrows(MailRefused.class, () -> seal.request(UUID.randomUUID(), token)).reason());
        assertEquals(Optional.empty(), seal.request(row, seal.seal(row, new OutgoingMail("zoe@example.com", "Hi", "b"))));
        assertThrows(MailRefused.class, () -> seal.sealRequest(row, MailKind.PASSWORD_RESET_REQUEST, "a@b.test\nBcc: e@v.test"));
        String injected = ring.encrypt("request-v1\n" + row + "\npassword_reset_request\na@b.test, eve@evil.test");
        assertThrows(MailRefused.class, () -> seal.request(row, injected));
        String unknown = ring.encrypt("request-v1\n" + row + "\nno_such_kind\na@b.test");
        assertEquals("sealed is a request of no known kind", assertThrows(MailRefused.class, () -> seal.request(row, unknown)).reason());
    }
}
