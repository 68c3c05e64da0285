package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** SMTP settings from the environment: what is required, what is enforced, what is never shown. */
class MailSettingsTest {

    @Test
    void noHostMeansNoSmtp() {
        assertEquals(Optional.empty(), SmtpSettings.of(Optional.empty(), 587, Optional.empty(), Optional.empty(),
                Optional.of("no-reply@humane.test"), true));
        assertEquals(Optional.empty(), SmtpSettings.of(Optional.of("  "), 587, Optional.empty(), Optional.empty(),
                Optional.empty(), true));
    }

    @Test
    void aHostWithoutAValidSenderIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of(Optional.of("smtp.example.com"), 587,
                Optional.empty(), Optional.empty(), Optional.empty(), true));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of(Optional.of("smtp.example.com"), 587,
                Optional.empty(), Optional.empty(), Optional.of("not an address"), true));
    }

    @Test
    void aUsernameWithoutAPasswordIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of(Optional.of("smtp.example.com"), 587,
                Optional.of("mailer"), Optional.empty(), Optional.of("no-reply@humane.test"), true));
    }

    @Test
    void starttlsIsRequiredNotMerelyOfferedAndEveryWaitIsBounded() {
        Properties session = settings(true).sessionProperties();
        assertEquals("true", session.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", session.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", session.getProperty("mail.smtp.auth"));
        assertEquals("10000", session.getProperty("mail.smtp.connectiontimeout"));
        assertEquals("10000", session.getProperty("mail.smtp.timeout"));
        assertEquals("10000", session.getProperty("mail.smtp.writetimeout"));
        assertEquals("humane.test", session.getProperty("mail.smtp.localhost"));
        assertEquals(Duration.ofSeconds(10), settings(true).timeout());
    }

    @Test
    void thePasswordIsNeverShown() {
        SmtpSettings settings = settings(true);
        assertFalse(settings.toString().contains("pa55word"), settings.toString());
        assertTrue(settings.toString().contains("smtp.example.com:587"), settings.toString());
    }

    private static SmtpSettings settings(boolean starttls) {
        return SmtpSettings.of(Optional.of("smtp.example.com"), 587, Optional.of("mailer"), Optional.of("pa55word"),
                Optional.of("Humane <no-reply@humane.test>"), starttls).orElseThrow();
    }
}
