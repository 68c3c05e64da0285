package ai.humane.crypto.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals secrets kept at rest (webhook and inbound signing secrets K2, provider API keys, OAuth refresh tokens)
 * as Fernet tokens under FERNET_KEYS (K3). The ring is read on first use, so a deployment that stores no
 * secret does not need it outside production (where the boot check refuses a missing FERNET_KEYS).
 */
@ApplicationScoped
public class FieldEncryption {

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

    /** Keys derived from the ring for {@code purpose}, the current one first (K3, L3). */
    public java.util.List<byte[]> derive(String purpose) {
        return ring().derive(purpose);
    }

    private KeyRing ring() {
        KeyRing current = ring;
        if (current == null) {
            current = new KeyRing(fernetKeys.orElseThrow(() -> new IllegalStateException(
                    "FERNET_KEYS is not set: secrets at rest cannot be sealed")));
            ring = current;
        }
        return current;
    }
}
