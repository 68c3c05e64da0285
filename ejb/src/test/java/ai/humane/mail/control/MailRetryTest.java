package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a failed mail is tried again, and what is kept of the failure. */
class MailRetryTest {

    @Test
    void waitsTenSecondsThenDoublesUpToAnHour() {
        Backoff backoff = Backoff.STANDARD;
        assertEquals(Duration.ofSeconds(10), backoff.after(1));
        assertEquals(Duration.ofSeconds(20), backoff.after(2));
        assertEquals(Duration.ofSeconds(40), backoff.after(3));
        assertEquals(Duration.ofSeconds(2560), backoff.after(9));
        assertEquals(Duration.ofHours(1), backoff.after(10));
        assertEquals(Duration.ofHours(1), backoff.after(1000));
    }

    @Test
    void givesUpAfterTheTenthFailure() {
        assertFalse(Backoff.STANDARD.exhausted(9));
        assertTrue(Backoff.STANDARD.exhausted(10));
    }

    @Test
    void theFailureNoteBlanksTheCredentialsAndStaysOnOneShortLine() {
        MessagingException failure = new MessagingException("535 auth failed for mailer / hunter2-secret\r\nBcc: x",
                new ConnectException("refused by hunter2-secret"));
        String note = FailureNote.of(failure, "hunter2-secret", "mailer");
        assertFalse(note.contains("hunter2"), note);
        assertFalse(note.contains("mailer"), note);
        assertFalse(note.contains("\n") || note.contains("\r"), note);
        assertTrue(note.contains("535 auth failed"), note);
        assertTrue(note.contains("ConnectException"), note);
    }

    @Test
    void theFailureNoteIsCutAfterTheSecretsAreBlanked() {
        String secret = "p".repeat(40);
        String note = FailureNote.of(new MessagingException("x".repeat(FailureNote.MAX_LENGTH - 20) + secret), secret);
        assertTrue(note.length() <= FailureNote.MAX_LENGTH, "length " + note.length());
        assertFalse(note.contains("pppp"), note);
    }
}
