package ai.humane.mail.control;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Sends claimed mail through the configured SMTP server: plain text in UTF-8, from {@code SMTP_FROM},
 * one connection per mail so a mail the server rejects cannot disturb the next one. A mail with an
 * unsubscribe URL carries it as {@code List-Unsubscribe} and offers one-click (RFC 8058).
 */
public class MailTransport implements Delivery {

    private final SmtpSettings settings;
    private final Session session;

    public MailTransport(SmtpSettings settings) {
        this.settings = settings;
        // Its own session, never the JVM-wide default one another component may have configured.
        this.session = Session.getInstance(settings.sessionProperties());
    }

    @Override
    public void deliver(OutgoingMail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(settings.from());
        message.setRecipient(Message.RecipientType.TO, mail.address());
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setText(mail.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        if (mail.unsubscribeUrl() != null) {
            message.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (settings.username() == null) {
            Transport.send(message);
        } else {
            Transport.send(message, settings.username(), settings.password());
        }
    }

    @Override
    public String deliveredStatus() {
        return "sent";
    }

    @Override
    public String describe(Exception failure, OutgoingMail mail) {
        return FailureNote.of(failure, settings.password(), settings.username(), mail.recipient());
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
