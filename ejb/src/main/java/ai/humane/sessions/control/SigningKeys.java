package ai.humane.sessions.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The access-token keys from {@code JWT_SIGNING_KEYS} (S4): a JWK Set ({@code {"keys":[...]}}) of EC P-256 private
 * keys, each with a {@code kid}. The first key signs; every key verifies and is published, so a new key can be put
 * in front while tokens signed by the previous one are still accepted until they expire, then the previous key is
 * dropped. Refusals say which key is wrong and why, never what it contains. Immutable and thread-safe.
 */
public final class SigningKeys {

    private static final String VARIABLE = "JWT_SIGNING_KEYS";

    private final List<SigningKey> keys;

    /**
     * @param jwkSetJson the value of JWT_SIGNING_KEYS
     * @throws IllegalArgumentException when the value is not a JWK Set of ES256 private keys with distinct kids
     */
    public SigningKeys(String jwkSetJson) {
        this.keys = parse(jwkSetJson);
    }

    /** A JWK Set with one new P-256 private key, in the JWT_SIGNING_KEYS format. */
    public static String generate(String kid) {
        return new JWKSet(newKey(kid)).toString(false);
    }

    /** This set with a new signing key in front and every current key kept for verification: a rotation. */
    public String withNewKey(String kid) {
        if (byKid(kid).isPresent()) {
            throw new IllegalArgumentException(VARIABLE + " already has a key with that kid");
        }
        List<JWK> rotated = new ArrayList<>();
        rotated.add(newKey(kid));
        keys.forEach(key -> rotated.add(key.privateJwk()));
        return new JWKSet(rotated).toString(false);
    }

    /** This set without the key of that kid: the end of a rotation, once its tokens have expired. */
    public String withoutKey(String kid) {
        if (byKid(kid).isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " has no key with that kid");
        }
        if (keys.size() == 1) {
            throw new IllegalArgumentException(VARIABLE + " cannot drop its only key: nothing would sign");
        }
        Predicate<SigningKey> kept = key -> !key.kid().equals(kid);
        return new JWKSet(keys.stream().filter(kept).map(SigningKey::privateJwk).collect(Collectors.toList()))
                .toString(false);
    }

    /** The JWKS document for GET /.well-known/jwks.json: the public part of every key, current first. */
    public String publicJwks() {
        return new JWKSet(keys.stream().map(SigningKey::publicJwk).collect(Collectors.toList())).toString(true);
    }

    /** The kids, the signing key's first. */
    public List<String> keyIds() {
        return keys.stream().map(SigningKey::kid).collect(Collectors.toUnmodifiableList());
    }

    SigningKey current() {
        return keys.get(0);
    }

    /**
     * These claims as a compact ES256 JWS signed by the current key, its {@code kid} and this {@code typ} in the
     * header: the type keeps one kind of signed statement from being taken for another (an access token is
     * {@code JWT}, an audit checkpoint its own).
     */
    public String sign(JOSEObjectType type, JWTClaimsSet claims) {
        SigningKey key = current();
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(type).build(),
                claims);
        try {
            signed.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        return signed.serialize();
    }

    /**
     * Whether this JWS is ES256 of exactly this {@code typ}, signed by the key of its {@code kid} among these, in the
     * one spelling of its signature: the header names a key but never chooses how the JWS is checked.
     */
    public boolean signed(SignedJWT jws, JOSEObjectType type) throws JOSEException {
        JWSHeader header = jws.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !type.equals(header.getType())) {
            return false;
        }
        Optional<SigningKey> key = byKid(header.getKeyID());
        return key.isPresent() && canonical(jws.getSignature()) && jws.verify(key.get().verifier());
    }

    /** A signature whose unused trailing bits were flipped decodes the same; refuse the second spelling. */
    private static boolean canonical(Base64URL signature) {
        return Base64URL.encode(signature.decode()).toString().equals(signature.toString());
    }

    Optional<SigningKey> byKid(String kid) {
        return keys.stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    /** Names the kids only: the keys are secrets and this may end up in a log. */
    @Override
    public String toString() {
        return "SigningKeys" + keyIds();
    }

    private static JWK newKey(String kid) {
        if (kid == null || !SigningKey.KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("a kid is 1 to 64 characters from A-Z a-z 0-9 . _ -");
        }
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    private static List<SigningKey> parse(String jwkSetJson) {
        List<Map<String, Object>> members = members(jwkSetJson);
        List<SigningKey> parsed = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String where = VARIABLE + " key " + (i + 1) + " of " + members.size();
            SigningKey key = SigningKey.parse(members.get(i), where);
            if (!kids.add(key.kid())) {
                throw new IllegalArgumentException(where + " repeats the kid of an earlier key");
            }
            parsed.add(key);
        }
        return List.copyOf(parsed);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> members(String jwkSetJson) {
        if (jwkSetJson == null || jwkSetJson.isBlank()) {
            throw new IllegalArgumentException(VARIABLE + " is empty: it needs a JWK Set holding the signing key");
        }
        Object keys;
        try {
            keys = JSONObjectUtils.parse(jwkSetJson).get("keys");
        } catch (ParseException | RuntimeException e) {
            // The parser's message can quote the input, which holds private keys: neither it nor the cause is kept.
            throw new IllegalArgumentException(VARIABLE + " is not a JSON object (expected {\"keys\":[...]})");
        }
        if (!(keys instanceof List) || ((List<?>) keys).isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " needs a non-empty \"keys\" array");
        }
        List<Map<String, Object>> members = new ArrayList<>();
        for (Object member : (List<?>) keys) {
            if (!(member instanceof Map)) {
                throw new IllegalArgumentException(VARIABLE + " key " + (members.size() + 1) + " is not a JSON object");
            }
            members.add((Map<String, Object>) member);
        }
        return members;
    }
}
