package ai.humane.accounts.control;

import ai.humane.crypto.control.OpaqueToken;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.Outbox;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The e-mails of the account flows, queued in the caller's transaction: a rolled-back flow sends nothing. */
@Dependent
public class AccountMail {

    @Inject
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "support.email", defaultValue = "support@humane.ai")
    String supportAddress;

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

    /**
     * S8: the person hears of every change to their second factor, whichever session made it, since one a thief makes
     * shuts the owner out. A security notice, like a reset: no unsubscribe link and no opt-out list; the caller spends
     * the person's notice budget first ({@code SendThrottle.notice}, A3), which resets cannot spend.
     */
    public void secondFactorChanged(String to, SecondFactorChange change, String clientIp) {
        String when = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).replace('T', ' ');
        outbox.enqueue(MailKind.SECOND_FACTOR_CHANGED, to, change.subject,
                change.what + " on " + when + " UTC, from the address " + clientIp + ".\n\n"
                        + "If it was you, you need not do anything.\n\n"
                        + "If it was not you, someone else is signed in to your account. Reset your password now, which"
                        + " signs everyone out:\n" + baseUrl + "/reset-password\n\n"
                        + change.ifNotYou.formatted(supportAddress) + "\n");
    }

    /** What changed, in the notice's words, and what to do after the reset when it was not the person. */
    public enum SecondFactorChange {
        ENABLED("A second factor was turned on for your Humane account",
                "An authenticator app was set up as the second factor of your Humane account",
                "An authenticator that is not yours now asks for its code at your sign-in: write to %s from this"
                        + " address and we will help you back in."),
        DISABLED("The second factor of your Humane account was turned off",
                "The second factor of your Humane account was turned off",
                "Then sign in with the new password and turn the second factor on again."),
        RECOVERY_CODES_REPLACED("New recovery codes were made for your Humane account",
                "New recovery codes were made for the second factor of your Humane account (the old ones no longer"
                        + " work)",
                "Then sign in with the new password and make new recovery codes on the Second factor page.");

        private final String subject;
        private final String what;
        private final String ifNotYou;

        SecondFactorChange(String subject, String what, String ifNotYou) {
            this.subject = subject;
            this.what = what;
            this.ifNotYou = ifNotYou;
        }
    }

    public void invitation(String to, String organization, OpaqueToken token) {
        outbox.enqueue(MailKind.INVITATION, to, "You are invited to " + organization + " on Humane",
                "You have been invited to join " + organization + " on Humane.\n\nAccept within 7 days:\n"
                        + baseUrl + "/accept-invitation?token=" + token.value() + "\n");
    }
}
