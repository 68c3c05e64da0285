package ai.humane.mail.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The note kept in {@code last_error} about a failed attempt: the chain of causes on one line, at most
 * {@value #MAX_LENGTH} characters, with every given secret blanked out before it is cut (a cut could
 * otherwise leave a prefix of it), so an SMTP password echoed in a reply or an exception message never
 * reaches the database or a log.
 */
public final class FailureNote {

    static final int MAX_LENGTH = 500;
    private static final int MAX_CAUSES = 5;

    private FailureNote() {
    }

    public static String of(Exception failure, String... secrets) {
        String note = String.join("; ", causes(failure));
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                note = note.replace(secret, "***");
            }
        }
        note = note.replaceAll("\\p{Cntrl}+", " ");
        return note.length() <= MAX_LENGTH ? note : note.substring(0, MAX_LENGTH - 1) + "…";
    }

    /** Jakarta Mail repeats its nested exception in its own message: a cause already said is left out. */
    private static List<String> causes(Throwable failure) {
        List<String> causes = new ArrayList<>();
        StringBuilder said = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                causes.add(t.getClass().getSimpleName());
            } else if (said.indexOf(message) < 0) {
                causes.add(t.getClass().getSimpleName() + ": " + message);
                said.append(message);
            }
        }
        return causes;
    }
}
