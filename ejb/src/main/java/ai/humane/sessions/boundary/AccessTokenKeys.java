package ai.humane.sessions.boundary;

import ai.humane.crypto.control.ConfiguredKey;
import ai.humane.sessions.control.AccessTokens;
import ai.humane.sessions.control.SigningKeys;
import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BootCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * S4's keys, from JWT_SIGNING_KEYS only. Production without them refuses to start (StartupChecks
 * asks for them at boot); development without them signs with a key made for this run, with a
 * warning (the launcher keeps one in the local data folder so tokens survive restarts).
 */
@ApplicationScoped
public class AccessTokenKeys implements BootCheck {

    public static final String AUDIENCE = "humane-api";

    @Inject
    @ConfigProperty(name = "jwt.signing.keys")
    Optional<String> configured;

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String issuer;

    private SigningKeys keys;
    private AccessTokens tokens;

    @PostConstruct
    void load() {
        String value = ConfiguredKey.orForThisRun(configured, environment.production(), "JWT_SIGNING_KEYS",
                "S4 keys come from the environment only", "access tokens",
                () -> SigningKeys.generate("dev-" + System.currentTimeMillis()));
        keys = new SigningKeys(value);
        tokens = new AccessTokens(keys, issuer, AUDIENCE, Clock.systemUTC());
    }

    public AccessTokens tokens() {
        return tokens;
    }

    /** The key set itself, for other statements the platform signs with it (audit checkpoints, L1). */
    public SigningKeys signingKeys() {
        return keys;
    }

    public String publicJwks() {
        return keys.publicJwks();
    }

    /** Loads the key at boot, so that a missing or malformed one refuses the deployment (BootCheck). */
    @Override
    public void verify() {
        publicJwks();
    }
}
