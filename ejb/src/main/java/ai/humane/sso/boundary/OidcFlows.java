package ai.humane.sso.boundary;

import ai.humane.crypto.control.FieldEncryption;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.sso.control.SsoRefused;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * OIDC flows in progress (S5), kept in PostgreSQL so any instance can finish what another began: state, nonce and
 * the PKCE verifier (sealed, K3), bound to the browser by the hash of its flow cookie. Taking a flow deletes it in
 * its own transaction, so a state is good once, for the browser that began it, within ten minutes — whatever
 * happens to the sign-in after.
 */
@Stateless
public class OidcFlows {

    public static final Duration LIFETIME = Duration.ofMinutes(10);

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    FieldEncryption encryption;

    /** A flow taken back: which provider, the nonce the ID token must carry, the PKCE verifier to send. */
    public record Flow(String provider, String nonce, String codeVerifier) {

        @Override
        public String toString() {
            return "Flow[" + provider + ", redacted]";
        }
    }

    public void begin(String provider, String state, String browser, String nonce, String codeVerifier) {
        em.createNativeQuery("SELECT sso_flow_begin(?1, ?2, ?3, ?4, ?5, ?6)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, OpaqueToken.hash(state)).setParameter(2, OpaqueToken.hash(browser)).setParameter(3, provider)
                .setParameter(4, nonce).setParameter(5, encryption.seal(codeVerifier))
                .setParameter(6, OffsetDateTime.now(ZoneOffset.UTC).plus(LIFETIME))
                .getResultList();
    }

    /** The flow of {@code state} begun by {@code browser}, deleted as it is read; refused when there is none. */
    public Flow take(String state, String browser) {
        if (!OpaqueToken.plausible(state) || !OpaqueToken.plausible(browser)) {
            throw SsoRefused.flowNotRecognised();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT provider, nonce, code_verifier FROM sso_flow_take(?1, ?2)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, OpaqueToken.hash(state)).setParameter(2, OpaqueToken.hash(browser)).getResultList();
        Object[] row = rows.stream().findFirst().orElseThrow(SsoRefused::flowNotRecognised);
        return new Flow((String) row[0], (String) row[1], encryption.open((String) row[2]));
    }

    /** A fresh random value for a state, a nonce, a verifier or a browser cookie. */
    public static String random() {
        return OpaqueToken.generate().value();
    }
}
