package ai.humane.mail.control;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The note kept in {@code last_error} about a failed attempt: the chain of causes on one line, at most
 * {@value #MAX_LENGTH} characters, with every given secret blanked out before it is cut (a cut could
 * otherwise leave a prefix of it), so an SMTP password echoed in a reply or an exception message never
 * reaches the database or a log; the recipient's address is blanked the same way.
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
                // In any case: servers echo an address in the case they like.
                note = note.replaceAll("(?i)" + Pattern.quote(secret), "***");
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
