package ai.humane.sessions.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One EC P-256 private key of {@code JWT_SIGNING_KEYS}, checked before it is trusted: a key that cannot both sign
 * and verify its own signature would issue tokens nobody accepts, and a public-only key cannot sign at all.
 * Refusals name the defect, never the key's content.
 */
final class SigningKey {

    static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    // RFC 7518 6.2: x, y and d of a P-256 key are exactly 32 bytes; the library's decoder would skip stray characters
    private static final Pattern FIELD_ELEMENT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final byte[] PROBE = "humane signing key self-check".getBytes(StandardCharsets.US_ASCII);

    private final ECKey privateJwk;
    private final ECKey publicJwk;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    private SigningKey(ECKey privateJwk) throws JOSEException {
        this.privateJwk = privateJwk;
        this.publicJwk = new ECKey.Builder(Curve.P_256, privateJwk.toECPublicKey())
                .keyID(privateJwk.getKeyID()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
        this.signer = new ECDSASigner(privateJwk);
        this.verifier = new ECDSAVerifier(publicJwk);
    }

    /**
     * @param json  one member of the set's {@code keys} array
     * @param where names the member for the refusal message ("JWT_SIGNING_KEYS key 2 of 3")
     * @throws IllegalArgumentException when the member is not a usable ES256 private key
     */
    static SigningKey parse(Map<String, Object> json, String where) {
        String defect = shapeDefect(json);
        if (defect != null) {
            throw new IllegalArgumentException(where + " " + defect);
        }
        SigningKey key;
        boolean matched;
        try {
            key = new SigningKey(ECKey.parse(json));
            matched = key.signsWhatItVerifies();
        } catch (ParseException | JOSEException | RuntimeException e) {
            // The library's message may quote the key, so neither it nor the cause is passed on.
            throw new IllegalArgumentException(where + " is not a valid P-256 private key (a coordinate or d is "
                    + "malformed, or the point is not on the curve)");
        }
        if (!matched) {
            throw new IllegalArgumentException(where + " has a private part (d) that does not belong to its "
                    + "public coordinates (x, y)");
        }
        return key;
    }

    /** Checks what can be read without trusting the library to parse it; the answer never quotes a value. */
    private static String shapeDefect(Map<String, Object> json) {
        if (!"EC".equals(json.get("kty"))) {
            return "is not an EC key (kty must be \"EC\"; ES256 needs an EC P-256 key)";
        }
        if (!"P-256".equals(json.get("crv"))) {
            return "is not on curve P-256 (crv must be \"P-256\" for ES256)";
        }
        if (!json.containsKey("d")) {
            return "is a public key only: it needs its private part (d) to sign";
        }
        for (String member : new String[] {"x", "y", "d"}) {
            Object value = json.get(member);
            if (!(value instanceof String) || !FIELD_ELEMENT.matcher((String) value).matches()) {
                return "has a malformed " + member + " (it must be 43 base64url characters: 32 bytes for P-256)";
            }
        }
        Object kid = json.get("kid");
        if (!(kid instanceof String) || !KID.matcher((String) kid).matches()) {
            return "needs a kid of 1 to 64 characters from A-Z a-z 0-9 . _ -";
        }
        if (json.containsKey("use") && !"sig".equals(json.get("use"))) {
            return "is marked for a use other than \"sig\"";
        }
        if (json.containsKey("alg") && !"ES256".equals(json.get("alg"))) {
            return "is marked for an algorithm other than ES256";
        }
        return null;
    }

    private boolean signsWhatItVerifies() throws JOSEException {
        JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
        Base64URL signature = signer.sign(header, PROBE);
        return verifier.verify(header, PROBE, signature);
    }

    String kid() {
        return privateJwk.getKeyID();
    }

    JWSSigner signer() {
        return signer;
    }

    JWSVerifier verifier() {
        return verifier;
    }

    /** The public half as published in the JWKS: kty, crv, x, y, kid, use, alg; never d. */
    ECKey publicJwk() {
        return publicJwk;
    }

    /** The key as written in JWT_SIGNING_KEYS, private part included; only for writing a new key set. */
    ECKey privateJwk() {
        return privateJwk;
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid() + "]";
    }
}
