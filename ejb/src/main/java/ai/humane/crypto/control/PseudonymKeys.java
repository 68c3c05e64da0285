package ai.humane.crypto.control;

import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keys for pseudonyms: the tables that count or remember people without a tenant (the sign-in throttle, the
 * sign-up addresses, the rate buckets) hold an HMAC-SHA256 of the e-mail or client address, never the address,
 * each under a key derived from {@code HMAC_KEY} for that purpose alone ({@link HmacKeys#derive}). Every
 * instance of a cluster has the same {@code HMAC_KEY}, so they count into the same rows. Production without
 * the key refuses to start (StartupChecks); development without one keys with a key made for this run.
 */
@ApplicationScoped
public class PseudonymKeys {

    /** S2: failed sign-ins per account and per client address. */
    public static final String LOGIN_THROTTLE = "login-throttle";
    /** S7: client addresses that signed up before. */
    public static final String SIGNUP_ADDRESSES = "signup-addresses";
    /** A1: request counters per API key, user or client address. */
    public static final String RATE_BUCKETS = "rate-buckets";
    /** A2: what an idempotency key was used for (the request's digest), kept with the claim. */
    public static final String IDEMPOTENCY_FINGERPRINTS = "idempotency-fingerprints";

    @Inject
    @ConfigProperty(name = "hmac.key")
    Optional<String> configured;

    @Inject
    AppEnvironment environment;

    private final Map<String, HmacKeys> derived = new ConcurrentHashMap<>();
    private HmacKeys keys;

    @PostConstruct
    void load() {
        keys = new HmacKeys(ConfiguredKey.orForThisRun(configured, environment.production(), "HMAC_KEY",
                "pseudonyms of addresses are keyed with it", "pseudonyms of addresses", HmacKeys::generateKey));
    }

    /** The keys of one purpose: the first keys new rows, every one finds rows keyed before a rotation. */
    public HmacKeys forPurpose(String purpose) {
        return derived.computeIfAbsent(purpose, keys::derive);
    }
}
