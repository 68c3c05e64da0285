package ai.humane.saml.control;

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
 * and SAML_SP_CERTIFICATE (PEM). Without them AuthnRequests go unsigned, and an IdP that wants them signed
 * cannot be signed in with (the login says so).
 */
@ApplicationScoped
public class SpKey {

    @Inject
    @ConfigProperty(name = "saml.sp.key")
    Optional<String> keyPem;

    @Inject
    @ConfigProperty(name = "saml.sp.certificate")
    Optional<String> certificatePem;

    private PrivateKey key;
    private X509Certificate certificate;

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
            throw new IllegalStateException("SAML_SP_KEY or SAML_SP_CERTIFICATE cannot be read", e);
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
