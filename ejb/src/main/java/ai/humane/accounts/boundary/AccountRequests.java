package ai.humane.accounts.boundary;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.MailRequests;
import ai.humane.mail.control.QueuedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The account flows' requests the mail dispatcher carries out: a password reset asked for an address (S2), each in a
 * transaction of the {@link Accounts} bean's own.
 */
@ApplicationScoped
public class AccountRequests implements MailRequests {

    @Inject
    Accounts accounts;

    @Override
    public void carryOut(QueuedRequest request) {
        if (request.kind() != MailKind.PASSWORD_RESET_REQUEST) {
            throw new IllegalArgumentException("No account flow carries out a request of kind " + request.kind().slug());
        }
        accounts.sendPasswordReset(request.address());
    }
}
