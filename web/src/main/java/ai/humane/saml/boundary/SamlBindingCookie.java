package ai.humane.saml.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Binds a SAML login to the browser that started it (S6): a random value in an HttpOnly cookie scoped to the
 * connection's SAML path, only its SHA-256 stored beside the request id. SameSite=None, because the IdP's
 * answer arrives as a cross-site POST that a Lax cookie would not accompany; Secure, as every cookie here.
 */
@ApplicationScoped
public class SamlBindingCookie {

    static final String NAME = "humane_saml";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new value for the cookie. */
    public String newValue() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    public String setCookie(UUID connectionId, String value, long maxAgeSeconds) {
        return NAME + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/api/v1/auth/saml/" + connectionId
                + "/; Secure; HttpOnly; SameSite=None";
    }

    public Optional<byte[]> hashFrom(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        return Arrays.stream(cookies).filter(cookie -> NAME.equals(cookie.getName())).map(Cookie::getValue)
                .filter(value -> value.length() == 43).findFirst().map(SamlBindingCookie::hash);
    }

    public static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
