package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's mailbox shows a newcomer the whole mail, link and token included, and keeps it as a file that
 * only its owner may read.
 */
class LocalMailboxTest {

    @TempDir
    Path home;

    @Test
    void aMailSentToItIsPrintedInFullAndKept() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalMailbox mailbox = LocalMailbox.start(home, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            Map<String, String> env = mailbox.environment();
            assertEquals("127.0.0.1", env.get("SMTP_HOST"));
            assertEquals("false", env.get("SMTP_STARTTLS"));
            Properties smtp = new Properties();
            smtp.put("mail.smtp.host", env.get("SMTP_HOST"));
            smtp.put("mail.smtp.port", env.get("SMTP_PORT"));
            MimeMessage message = new MimeMessage(Session.getInstance(smtp));
            message.setFrom(new InternetAddress(env.get("SMTP_FROM")));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("newcomer@example.test"));
            message.setSubject("Verify your e-mail address for Humane");
            message.setText("http://localhost:8080/verify-email?token=abcDEF123_-");
            Transport.send(message);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!printed.toString(StandardCharsets.UTF_8).contains("end of mail 1") && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            String terminal = printed.toString(StandardCharsets.UTF_8);
            assertTrue(terminal.contains("/verify-email?token=abcDEF123_-"), terminal);
            assertTrue(terminal.contains("newcomer@example.test"), terminal);
            assertTrue(Files.readString(home.resolve("mail/0001.eml")).contains("token=abcDEF123_-"));
            // Working links: no other user of the machine reads them.
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("mail"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("mail/0001.eml"))));
        }
    }
}
