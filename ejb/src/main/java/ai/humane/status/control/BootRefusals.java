package ai.humane.status.control;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Every reason this deployment must not take traffic, gathered before it refuses, so an operator fixes them
 * all in one go instead of one per restart. Each reason is logged on its own line, "Refusing to start: …".
 */
public final class BootRefusals {

    private static final Logger LOG = Logger.getLogger(BootRefusals.class.getName());
    private static final String PREFIX = "Refusing to start: ";

    private final List<String> reasons = new ArrayList<>();

    public void add(String reason) {
        reasons.add(reason.startsWith(PREFIX) ? reason.substring(PREFIX.length()) : reason);
    }

    public void addIf(boolean wrong, String reason) {
        if (wrong) {
            add(reason);
        }
    }

    /** A refusal when {@code refuse} (production), else a warning logged now: what development only points out. */
    public void addOrWarn(boolean refuse, String reason) {
        if (refuse) {
            add(reason);
        } else {
            LOG.warning(reason + " (production refuses to start on this)");
        }
    }

    /** Runs a check that refuses by throwing (a key that cannot be loaded, a wall that does not stand). */
    public void check(Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            add(innermostMessage(e));
        }
    }

    public List<String> reasons() {
        return List.copyOf(reasons);
    }

    /** Fails the deployment when there is any reason; the readiness check then never turns UP. */
    public void enforce() {
        if (reasons.isEmpty()) {
            return;
        }
        reasons.forEach(reason -> LOG.severe(PREFIX + reason));
        throw new IllegalStateException(PREFIX + String.join("; ", reasons));
    }

    /** CDI and EJB wrap what a bean's construction threw; the refusal is the message at the bottom. */
    private static String innermostMessage(Throwable thrown) {
        String message = thrown.getMessage();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            boolean refusal = t instanceof IllegalStateException || t instanceof IllegalArgumentException;
            if (refusal && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? thrown.getClass().getSimpleName() : message;
    }
}
