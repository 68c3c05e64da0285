package ai.humane.testing;

import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Changes the test realm through Keycloak's admin REST API, as the master realm's administrator. */
final class KeycloakAdmin {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private KeycloakAdmin() {
    }

    static String createUser(URI base, String email, boolean emailVerified) {
        String user = Json.createObjectBuilder().add("username", email).add("email", email)
                .add("emailVerified", emailVerified).add("enabled", true).add("firstName", "Test").add("lastName", "Person")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "password")
                        .add("value", Keycloak.PASSWORD).add("temporary", false))).build().toString();
        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("admin/realms/" + Keycloak.REALM + "/users"))
                .header("Authorization", "Bearer " + token(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user)).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak did not create " + email + ": " + created.statusCode() + " " + created.body());
        }
        return email;
    }

    /** The realm's id of the user with this e-mail: the {@code sub} of their ID tokens. */
    static String userId(URI base, String email) {
        HttpResponse<String> found = send(HttpRequest.newBuilder(base.resolve("admin/realms/" + Keycloak.REALM
                        + "/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token(base)).GET().build());
        try (var reader = Json.createReader(new StringReader(found.body()))) {
            var users = reader.readArray();
            if (found.statusCode() != 200 || users.size() != 1) {
                throw new IllegalStateException("Keycloak has no one user " + email + ": " + found.statusCode() + " " + found.body());
            }
            return users.getJsonObject(0).getString("id");
        }
    }

    private static String token(URI base) {
        String form = "grant_type=password&client_id=admin-cli&username=" + Keycloak.ADMIN + "&password="
                + URLEncoder.encode(Keycloak.ADMIN_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        try (var reader = Json.createReader(new StringReader(answer.body()))) {
            return reader.readObject().getString("access_token");
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
