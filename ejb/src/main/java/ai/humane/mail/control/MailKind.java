package ai.humane.mail.control;

/**
 * What a queued mail is, kept on its row after the mail itself is redacted, so an operator can tell a
 * reset from an invitation without reading either.
 */
public enum MailKind {
    VERIFY_EMAIL,
    PASSWORD_RESET,
    /**
     * Not a mail: a password reset asked for an address, queued as it was typed in its one spelling and carried out
     * by the dispatcher ({@link MailRequests}), which queues the {@link #PASSWORD_RESET} when the address has an
     * account (S2).
     */
    PASSWORD_RESET_REQUEST,
    SIGN_UP_ATTEMPTED,
    INVITATION,
    WEBHOOK_FAILING,
    SUPPORT_REQUEST,
    /** An outage, recovery or certificate warning of the status probes, to OPERATOR_EMAILS (O2). */
    STATUS_ALERT,
    /** A nightly backup taken, with its SHA-256, or failed, to OPERATOR_EMAILS (O3). */
    BACKUP_REPORT,
    /** A SAML connection's IdP signing certificate expires soon, to the tenant's admins (S6). */
    SAML_CERTIFICATE_EXPIRING,
    /** A daily refresh of a SAML connection's metadata changed what it trusts, to the tenant's owners (S6). */
    SAML_METADATA_CHANGED,
    /** The confirmation and reminders of an owner's account deletion (L3). */
    ACCOUNT_DELETION,
    /** A second factor turned on or off, or its recovery codes replaced, to the person (S8): a security notice. */
    SECOND_FACTOR_CHANGED;

    /** The {@code kind} column's value. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
