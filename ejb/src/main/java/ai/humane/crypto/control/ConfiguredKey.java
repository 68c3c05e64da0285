package ai.humane.crypto.control;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A signing key that comes from the environment only. Production without it refuses to start; development
 * without it signs with a key made for this run, with a warning, so what was signed before a restart no
 * longer verifies after it (the launcher keeps keys in the local data folder so that it does).
 */
public final class ConfiguredKey {

    private static final Logger LOG = Logger.getLogger(ConfiguredKey.class.getName());

    private ConfiguredKey() {
    }

    /**
     * @param variable the environment variable, for the messages
     * @param why      what the key is for, for the refusal ("S4 keys come from the environment only")
     * @param signs    what it signs, for the warning ("access tokens")
     */
    public static String orForThisRun(Optional<String> configured, boolean production, String variable, String why,
                                      String signs, Supplier<String> generate) {
        Optional<String> value = configured.filter(v -> !v.isBlank());
        if (value.isPresent()) {
            return value.get();
        }
        if (production) {
            throw new IllegalStateException("Refusing to start: " + variable + " is not set (" + why + ")");
        }
        LOG.warning(variable + " is not set: signing " + signs + " with a key made for this run only");
        return generate.get();
    }
}
