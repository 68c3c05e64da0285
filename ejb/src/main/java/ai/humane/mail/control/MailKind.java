package ai.humane.mail.control;

/**
 * What a queued mail is, kept on its row after the mail itself is redacted, so an operator can tell a
 * reset from an invitation without reading either.
 */
public enum MailKind {
    VERIFY_EMAIL,
    PASSWORD_RESET,
    SIGN_UP_ATTEMPTED,
    INVITATION,
    WEBHOOK_FAILING,
    SAML_CERTIFICATE_EXPIRING,
    SUPPORT_REQUEST;

    /** The {@code kind} column's value. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
