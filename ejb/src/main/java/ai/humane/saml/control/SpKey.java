package ai.humane.saml.control;

import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BootCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service provider's signing key and certificate (S6), from the environment only: SAML_SP_KEY (PKCS#8 PEM)
 * and SAML_SP_CERTIFICATE (PEM). Production refuses to start without them (any tenant may add a connection whose
 * IdP wants signed AuthnRequests), and anywhere with a pair that cannot be read. Development without them sends
 * unsigned requests, and an IdP that wants them signed cannot be signed in with (the login says so).
 */
@ApplicationScoped
public class SpKey implements BootCheck {

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "saml.sp.key")
    Optional<String> keyPem;

    @Inject
    @ConfigProperty(name = "saml.sp.certificate")
    Optional<String> certificatePem;

    private PrivateKey key;
    private X509Certificate certificate;
    private String unreadable;

    @PostConstruct
    void load() {
        if (keyPem.filter(v -> !v.isBlank()).isEmpty() || certificatePem.filter(v -> !v.isBlank()).isEmpty()) {
            return;
        }
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(keyPem.get())));
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der(certificatePem.get())));
        } catch (Exception e) {
            // Reported by verify(), with every other reason the boot is refused for.
            unreadable = "SAML_SP_KEY or SAML_SP_CERTIFICATE cannot be read as an RSA PKCS#8 key and an X.509 certificate (S6)";
            key = null;
            certificate = null;
        }
    }

    @Override
    public void verify() {
        if (unreadable != null) {
            throw new IllegalArgumentException(unreadable);
        }
        if (environment.production() && key == null) {
            throw new IllegalStateException("SAML_SP_KEY and SAML_SP_CERTIFICATE are not set; SAML AuthnRequests cannot be signed (S6)");
        }
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip()
                .getBytes(StandardCharsets.US_ASCII));
    }

    public Optional<PrivateKey> key() {
        return Optional.ofNullable(key);
    }

    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }
}
