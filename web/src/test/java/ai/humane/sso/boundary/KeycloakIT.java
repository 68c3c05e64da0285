package ai.humane.sso.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.FormBrowser;
import ai.humane.testing.Keycloak;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The test identity provider itself, without Humane: the realm imported from the repository answers discovery,
 * signs in its users through the login form with an authorization code and PKCE, refuses a request without PKCE,
 * tells verified from unverified e-mails, and publishes a SAML IdP descriptor with a signing certificate. If
 * this fails, the SSO tests' failures are about the harness, not about Humane.
 */
class KeycloakIT {

    /** Never contacted: the browser stops before following the provider's redirect to it. */
    private static final String REDIRECT = "http://127.0.0.1:9/smoke/callback";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bootsOnLoopbackWithTheRealmAndReportsItsCost() throws Exception {
        JsonObject discovery = json(http.send(HttpRequest.newBuilder(URI.create(Keycloak.issuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(Keycloak.issuer().toString(), discovery.getString("issuer"));
        assertTrue(discovery.getJsonArray("code_challenge_methods_supported").toString().contains("S256"));
        Keycloak.Boot boot = Keycloak.boot();
        System.out.println("Keycloak boot: " + boot.took().toMillis() + " ms, RSS " + boot.residentKilobytes() + " kB, " + boot.java());
        assertTrue(boot.residentKilobytes() > 0);
    }

    @Test
    void signsInAVerifiedUserWithCodeAndPkce() throws Exception {
        JsonObject claims = signIn(Keycloak.ALICE);
        assertEquals(Keycloak.ALICE, claims.getString("email"));
        assertTrue(claims.getBoolean("email_verified"));
        assertEquals(Keycloak.OIDC_CLIENT, claims.getString("aud"));
        assertEquals(Keycloak.issuer().toString(), claims.getString("iss"));
    }

    @Test
    void tellsAnUnverifiedEmail() throws Exception {
        assertFalse(signIn(Keycloak.UNVERIFIED).getBoolean("email_verified"));
    }

    @Test
    void refusesAnAuthorizationRequestWithoutPkce() {
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page page = browser.follow(browser.get(authorization(Map.of())), uri -> uri.toString().startsWith(REDIRECT));
        String location = page.location().orElseThrow().toString();
        assertTrue(location.startsWith(REDIRECT) && location.contains("error=invalid_request"), location);
    }

    @Test
    void publishesASamlDescriptorWithASigningCertificate() throws Exception {
        String descriptor = http.send(HttpRequest.newBuilder(Keycloak.samlDescriptor()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(descriptor.contains("entityID=\"" + Keycloak.issuer() + "\""), descriptor);
        assertTrue(descriptor.contains("use=\"signing\"") && descriptor.contains("X509Certificate"), descriptor);
        assertTrue(descriptor.contains("SingleSignOnService"), descriptor);
    }

    private JsonObject signIn(String email) throws Exception {
        String verifier = random();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String nonce = random();
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page login = browser.open(authorization(Map.of("code_challenge", challenge,
                "code_challenge_method", "S256", "nonce", nonce)));
        assertEquals(200, login.status(), login.body());
        FormBrowser.Page back = browser.follow(browser.signInAtKeycloak(login, email, Keycloak.PASSWORD),
                uri -> uri.toString().startsWith(REDIRECT));
        URI callback = back.location().orElseThrow(() -> new AssertionError("no redirect after sign-in: " + back.body()));
        String code = query(callback).get("code");
        JsonObject tokens = json(http.send(HttpRequest.newBuilder(URI.create(Keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", REDIRECT, "client_id", Keycloak.OIDC_CLIENT, "client_secret", Keycloak.OIDC_SECRET,
                        "code_verifier", verifier)))).build(), HttpResponse.BodyHandlers.ofString()).body());
        String[] parts = tokens.getString("id_token").split("\\.");
        JsonObject claims = json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals(nonce, claims.getString("nonce"));
        return claims;
    }

    private static URI authorization(Map<String, String> extra) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>(Map.of("response_type", "code",
                "client_id", Keycloak.OIDC_CLIENT, "redirect_uri", REDIRECT, "scope", "openid email", "state", random()));
        parameters.putAll(extra);
        return URI.create(Keycloak.issuer() + "/protocol/openid-connect/auth?" + form(parameters));
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + UUID.randomUUID();
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
