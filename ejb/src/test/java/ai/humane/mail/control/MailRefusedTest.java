package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the outbox refuses before anything is stored: header injection and anything but one plain address. */
class MailRefusedTest {

    @ParameterizedTest
    @ValueSource(strings = {"Welcome\r\nBcc: eve@example.com", "Welcome\nBcc: eve@example.com", "Welcome\rBcc: eve@example.com",
            "Welcome\u0000", "Welcome\u0085Bcc: eve@example.com", "Tab\tseparated"})
    void refusesASubjectWithALineBreakOrControlCharacter(String subject) {
        MailRefused refused = assertThrows(MailRefused.class, () -> new OutgoingMail("ada@example.com", subject, "body"));
        assertEquals("subject", refused.errors().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com\r\nBcc: eve@example.com", "ada@example.com\nBcc: eve@example.com",
            "ada@example.com\r\n", "ada@example.com\u0000"})
    void refusesARecipientWithALineBreak(String recipient) {
        MailRefused refused = assertThrows(MailRefused.class, () -> new OutgoingMail(recipient, "Hi", "body"));
        assertEquals("recipient", refused.errors().get(0).field());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "ada", "ada@", "@example.com", "ada@@example.com", "ada example@example.com",
            "ada@example.com, eve@example.com", "ada@example.com;eve@example.com", "Ada <ada@example.com>",
            "\"Ada\" <ada@example.com>", "undisclosed:ada@example.com;", "ada@example..com", "<ada@example.com>",
            " ada@example.com", "ada@example.com ", "(comment)ada@example.com", ".ada@example.com"})
    void refusesAnythingButOneBareAddress(String recipient) {
        MailRefused refused = assertThrows(MailRefused.class, () -> new OutgoingMail(recipient, "Hi", "body"));
        assertEquals("recipient", refused.errors().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zoë@example.com", "ada@exämple.com", "ada@例え.jp"})
    void refusesAnAddressThatIsNotAscii(String recipient) {
        MailRefused refused = assertThrows(MailRefused.class, () -> new OutgoingMail(recipient, "Hi", "body"));
        assertEquals("recipient must be an ASCII e-mail address", refused.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "first.last+tag@mail.example.co.uk", "o'brien@example.ie", "x@example.io",
            "ada@xn--exmple-cua.com"})
    void acceptsOrdinaryAddresses(String recipient) {
        assertDoesNotThrow(() -> new OutgoingMail(recipient, "Hi", "body"));
    }

    @Test
    void refusesAnOverlongRecipient() {
        String recipient = "a".repeat(OutgoingMail.MAX_RECIPIENT + 1 - "@example.com".length()) + "@example.com";
        assertThrows(MailRefused.class, () -> new OutgoingMail(recipient, "Hi", "body"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesAMissingSubject(String subject) {
        assertThrows(MailRefused.class, () -> new OutgoingMail("ada@example.com", subject, "body"));
    }

    @Test
    void refusesAMissingOrOversizedBodyButAllowsLineBreaksInIt() {
        assertThrows(MailRefused.class, () -> new OutgoingMail("ada@example.com", "Hi", "x".repeat(OutgoingMail.MAX_BODY + 1)));
        assertThrows(MailRefused.class, () -> new OutgoingMail("ada@example.com", "Hi", null));
        assertDoesNotThrow(() -> new OutgoingMail("ada@example.com", "Hi", "line one\r\nline two\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.test/u?token=x>\r\nBcc: eve@evil.test", "https://a.test/u?token=x>, <mailto:eve@evil.test",
            "https://a.test/u token", "javascript:alert(1)", "mailto:unsubscribe@humane.test", "https://a.test/\u00e9", ""})
    void refusesAnUnsubscribeUrlThatCouldLeaveItsHeader(String url) {
        MailRefused refused = assertThrows(MailRefused.class, () -> new OutgoingMail("ada@example.com", "Hi", "body", url));

        assertEquals("unsubscribe_url must be one http(s) URL of at most 2000 URI characters", refused.reason());
    }

    @Test
    void acceptsAnUnsubscribeLinkAndNone() {
        assertDoesNotThrow(() -> new OutgoingMail("ada@example.com", "Hi", "body",
                "https://api.humane.test/api/v1/email/unsubscribe?token=AZaz09-_"));
        assertDoesNotThrow(() -> new OutgoingMail("ada@example.com", "Hi", "body", null));
        assertThrows(MailRefused.class, () -> new OutgoingMail("ada@example.com", "Hi", "body",
                "https://a.test/?t=" + "x".repeat(OutgoingMail.MAX_URL)));
    }
}
