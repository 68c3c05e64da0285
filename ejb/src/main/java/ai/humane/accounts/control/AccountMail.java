package ai.humane.accounts.control;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.Outbox;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The e-mails of the account flows, queued in the caller's transaction: a rolled-back flow sends nothing. */
@Dependent
public class AccountMail {

    @Inject
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String baseUrl;

    public void verifyEmail(String to, OpaqueToken token) {
        outbox.enqueue(MailKind.VERIFY_EMAIL, to, "Verify your e-mail address for Humane",
                "Welcome to Humane.\n\nVerify your e-mail address within 24 hours:\n"
                        + baseUrl + "/verify-email?token=" + token.value() + "\n\n"
                        + "Until then your account can read but not change anything.\n");
    }

    public void passwordReset(String to, OpaqueToken token) {
        outbox.enqueue(MailKind.PASSWORD_RESET, to, "Reset your Humane password",
                "Someone asked to reset the password of this account.\n\nChoose a new password within one hour:\n"
                        + baseUrl + "/reset-password?token=" + token.value() + "\n\n"
                        + "If it was not you, ignore this e-mail: nothing changes.\n");
    }

    public void invitation(String to, String organization, OpaqueToken token) {
        outbox.enqueue(MailKind.INVITATION, to, "You are invited to " + organization + " on Humane",
                "You have been invited to join " + organization + " on Humane.\n\nAccept within 7 days:\n"
                        + baseUrl + "/accept-invitation?token=" + token.value() + "\n");
    }
}
