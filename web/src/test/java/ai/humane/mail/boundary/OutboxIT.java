package ai.humane.mail.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.QueuedMail;
import ai.humane.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * K3 for the outbox over HTTP: a reset mail arrives at a real SMTP server with a link that works, and the
 * outbox keeps no trace of that link or of the address, only a redacted record of what was sent.
 */
class OutboxIT extends HttpTest {

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        People.forgetLoopback();
    }

    @Test
    void aResetLinkArrivesAndWorksWhileTheOutboxKeepsOnlyARedactedRecord() {
        String email = People.uniqueEmail("sealed");
        People.signUp(api, email);
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + email + "\"}").status());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "Reset your Humane password"));
        Eventually.until("the reset row is settled", () -> QueuedMail.rows(email).contains("\"status\": \"sent\"")
                && !QueuedMail.rows(email).contains("\"status\": \"pending\""));

        String rows = QueuedMail.rows(email);
        assertTrue(rows.contains("\"kind\": \"password_reset\"") && rows.contains("\"kind\": \"verify_email\""), rows);
        assertTrue(rows.contains("\"recipient_domain\": \"example.test\""), rows);
        assertTrue(rows.contains("\"sealed\": null"), rows);
        String everything = Rows.single("SELECT string_agg(to_jsonb(m)::text, ' ') FROM mail_outbox m");
        assertFalse(everything.contains(token), "the link is nowhere in the outbox");
        assertFalse(everything.contains(email), "nor the address");

        assertEquals(204, api.post("api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"" + token + "\",\"new_password\":\"another fine passphrase\"}").status(), "the link works");
    }
}
