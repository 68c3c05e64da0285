package ai.humane.webhooks.control;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.Reencryption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps signing secrets only as Fernet tokens under FERNET_KEYS (K2, K3). The ring is read on first
 * use, so a deployment without webhooks does not need it outside production (where the boot check
 * refuses a missing FERNET_KEYS).
 */
@ApplicationScoped
public class WebhookSecrets {

    @Inject
    @ConfigProperty(name = "fernet.keys")
    Optional<String> fernetKeys;

    private volatile KeyRing ring;

    public String seal(String secret) {
        return ring().encrypt(secret);
    }

    public String open(String token) {
        return ring().decrypt(token);
    }

    /** The re-encryption of stored tokens under the current ring (K3). */
    public Reencryption reencryption() {
        return new Reencryption(ring());
    }

    private KeyRing ring() {
        KeyRing current = ring;
        if (current == null) {
            current = new KeyRing(fernetKeys.orElseThrow(() -> new IllegalStateException(
                    "FERNET_KEYS is not set: webhook secrets cannot be stored")));
            ring = current;
        }
        return current;
    }
}
