package ai.humane.mail.control;

import java.util.Optional;

/** An {@link OperatorMail} as the container builds it, for tests of the components that tell the operators. */
public final class OperatorMails {

    private OperatorMails() {
    }

    /** Mails {@code addresses} (OPERATOR_EMAILS) through {@code outbox}. */
    public static OperatorMail to(Outbox outbox, String addresses) {
        OperatorMail operators = new OperatorMail();
        operators.operatorEmails = Optional.of(addresses);
        operators.outbox = outbox;
        operators.read();
        return operators;
    }
}
