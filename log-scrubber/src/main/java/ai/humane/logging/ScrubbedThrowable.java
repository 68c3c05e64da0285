package ai.humane.logging;

/**
 * Stands in for a logged exception: same class name, stack and causes, with every message scrubbed.
 * Exception messages are where addresses and tokens most often slip into logs (a failed SMTP
 * recipient, a rejected header).
 */
final class ScrubbedThrowable extends Throwable {

    private static final int MAX_CAUSES = 20;
    private final String description;

    private ScrubbedThrowable(String description, StackTraceElement[] stack, Throwable cause) {
        super(description, cause, true, true);
        this.description = description;
        setStackTrace(stack);
    }

    static ScrubbedThrowable of(Throwable original) {
        return of(original, 0);
    }

    private static ScrubbedThrowable of(Throwable original, int depth) {
        Throwable cause = original.getCause();
        ScrubbedThrowable scrubbedCause = cause != null && cause != original && depth < MAX_CAUSES ? of(cause, depth + 1) : null;
        ScrubbedThrowable copy = new ScrubbedThrowable(Scrubber.scrub(original.toString()), original.getStackTrace(),
                scrubbedCause);
        if (depth < MAX_CAUSES) {
            for (Throwable suppressed : original.getSuppressed()) {
                copy.addSuppressed(of(suppressed, depth + 1));
            }
        }
        return copy;
    }

    /** The original class name and scrubbed message, as printStackTrace prints them. */
    @Override
    public String toString() {
        return description;
    }
}
