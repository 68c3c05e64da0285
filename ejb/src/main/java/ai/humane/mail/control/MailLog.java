package ai.humane.mail.control;

import java.util.logging.Logger;

/**
 * Development without an SMTP server: each mail is written to the log at INFO with its full text, so a
 * verification or reset link can be followed locally, and its row ends as {@code logged}. Never used in
 * production, whose logs must not carry those links.
 */
public class MailLog implements Delivery {

    private static final Logger LOG = Logger.getLogger(MailLog.class.getName());

    @Override
    public void deliver(OutgoingMail mail) {
        // Opened mail is checked again (MailSeal), so a stored line break cannot forge a log line either.
        LOG.info(() -> "E-mail not sent (no SMTP_HOST in development), kept as 'logged' in the outbox\n"
                + "To: " + mail.recipient() + "\nSubject: " + mail.subject()
                + (mail.unsubscribeUrl() == null ? "" : "\nList-Unsubscribe: <" + mail.unsubscribeUrl() + ">")
                + "\n\n" + mail.body());
    }

    @Override
    public String deliveredStatus() {
        return "logged";
    }

    @Override
    public String toString() {
        return "the log (development without SMTP_HOST: e-mails are written to the log, not sent)";
    }
}
