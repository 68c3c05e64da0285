package ai.humane.accounts.control;

import ai.humane.crypto.control.OpaqueToken;
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

    /** S7, no enumeration: the sign-up form said the same as for a new address; the owner hears the truth. */
    public void signUpAttempted(String to) {
        outbox.enqueue(MailKind.SIGN_UP_ATTEMPTED, to, "Someone tried to sign up to Humane with your address",
                "Someone tried to create a new Humane account with this e-mail address, which already has one."
                        + " No account was created and nothing changed.\n\n"
                        + "If it was you, sign in instead, or reset your password if you have forgotten it:\n"
                        + baseUrl + "/reset-password\n\n"
                        + "If it was not you, you need not do anything.\n");
    }

    public void invitation(String to, String organization, OpaqueToken token) {
        outbox.enqueue(MailKind.INVITATION, to, "You are invited to " + organization + " on Humane",
                "You have been invited to join " + organization + " on Humane.\n\nAccept within 7 days:\n"
                        + baseUrl + "/accept-invitation?token=" + token.value() + "\n");
    }
}
