package ai.humane.sessions.control;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds tokens by hand, the way an attacker would: JSON, base64url and a JCA signature or MAC, without the code
 * under test. {@link #claims} is a payload AccessTokens accepts at {@link #NOW}, so a refusal test changes one thing.
 */
final class TokenForge {

    static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");
    static final String ISSUER = "https://api.humane.test";
    static final String AUDIENCE = "humane-api";
    static final UUID USER = UUID.fromString("6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b");
    static final UUID TENANT = UUID.fromString("0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a");
    static final UUID SESSION = UUID.fromString("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d");

    private TokenForge() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static AccessTokens tokensAt(SigningKeys keys, Instant now) {
        return new AccessTokens(keys, ISSUER, AUDIENCE, clockAt(now));
    }

    static ECKey privateKey(String jwkSetJson, String kid) {
        try {
            return (ECKey) JWKSet.parse(jwkSetJson).getKeyByKeyId(kid);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (kid != null) {
            header.put("kid", kid);
        }
        header.put("typ", "JWT");
        return header;
    }

    /** A payload that verifies at NOW: issued at NOW, for a member signed in with SESSION, with two scopes. */
    static Map<String, Object> claims() {
        long now = NOW.getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", "user:" + USER);
        claims.put("sid", SESSION.toString());
        claims.put("tenant_id", TENANT.toString());
        claims.put("role", "member");
        claims.put("groups", List.of("member"));
        claims.put("scope", "engines:read messages:write");
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 900);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    static String es256(ECKey key, Map<String, Object> header, Map<String, Object> claims) {
        String input = signingInput(header, claims);
        try {
            PrivateKey privateKey = key.toECPrivateKey();
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(privateKey);
            ecdsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(ecdsa.sign());
        } catch (GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm-confusion token: an HMAC whose secret is something public. */
    static String hmac(String jcaName, byte[] secret, Map<String, Object> header, Map<String, Object> claims) {
        String input = signingInput(header, claims);
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(secret, jcaName));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
        return b64(json(header)) + "." + b64(json(claims));
    }

    static String json(Map<String, Object> object) {
        return JSONObjectUtils.toJSONString(object);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }
}
