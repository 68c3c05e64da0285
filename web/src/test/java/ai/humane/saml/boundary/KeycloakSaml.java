package ai.humane.saml.boundary;

import ai.humane.testing.Keycloak;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The test's hand on the real Keycloak (admin REST API, loopback): registers one SAML client per connection,
 * whose client id is the connection's SP entity id, and people with unique e-mails, so tests never share them.
 */
final class KeycloakSaml {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakSaml() {
    }

    /** Registers the connection's SP at Keycloak; IdP-initiated logins start at {@link #idpInitiated}. */
    static void registerSp(String spEntityId, String acsUrl, String idpInitiatedName) {
        String client = Json.createObjectBuilder()
                .add("clientId", spEntityId).add("protocol", "saml").add("enabled", true)
                .add("redirectUris", Json.createArrayBuilder().add(acsUrl))
                .add("attributes", Json.createObjectBuilder()
                        .add("saml.server.signature", "true").add("saml.assertion.signature", "true")
                        .add("saml.signature.algorithm", "RSA_SHA256")
                        .add("saml_signature_canonicalization_method", "http://www.w3.org/2001/10/xml-exc-c14n#")
                        .add("saml.client.signature", "true")
                        .add("saml.signing.certificate", IdpMetadataFiles.base64("sp"))
                        .add("saml.encrypt", "false").add("saml.authnstatement", "true")
                        .add("saml.force.post.binding", "true").add("saml_force_name_id_format", "true")
                        .add("saml_name_id_format", "email")
                        .add("saml_assertion_consumer_url_post", acsUrl)
                        .add("saml_idp_initiated_sso_url_name", idpInitiatedName))
                .add("protocolMappers", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("name", "email").add("protocol", "saml").add("protocolMapper", "saml-user-property-mapper")
                        .add("config", Json.createObjectBuilder().add("user.attribute", "email")
                                .add("attribute.name", "email").add("attribute.nameformat", "Basic"))))
                .build().toString();
        admin("POST", "clients", client, 201);
    }

    /** A verified Keycloak user with a unique address in {@code domain}; answers it. */
    static String person(String domain) {
        String email = "saml-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        admin("POST", "users", Json.createObjectBuilder().add("username", email).add("email", email)
                .add("emailVerified", true).add("enabled", true).add("firstName", "Saml").add("lastName", "Person")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "password")
                        .add("value", Keycloak.PASSWORD).add("temporary", false))).build().toString(), 201);
        return email;
    }

    static URI idpInitiated(String name) {
        return Keycloak.base().resolve("realms/" + Keycloak.REALM + "/protocol/saml/clients/" + name);
    }

    private static void admin(String method, String path, String json, int expected) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(Keycloak.base().resolve("admin/realms/" + Keycloak.REALM
                        + "/" + path)).header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
        if (answer.statusCode() != expected) {
            throw new AssertionError("Keycloak admin " + method + " " + path + " -> " + answer.statusCode() + " " + answer.body());
        }
    }

    private static String token() {
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(Keycloak.ADMIN) + "&password="
                + encode(Keycloak.ADMIN_PASSWORD);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(Keycloak.base().resolve(
                        "realms/master/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        try (var reader = Json.createReader(new StringReader(answer.body()))) {
            JsonObject token = reader.readObject();
            return token.getString("access_token");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
