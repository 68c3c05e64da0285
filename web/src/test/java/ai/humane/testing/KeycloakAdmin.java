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
        var users = array(send(get(base.resolve("admin/realms/" + Keycloak.REALM + "/users?exact=true&email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8)), token(base))));
        if (users.size() != 1) {
            throw new IllegalStateException("Keycloak has " + users.size() + " users " + email);
        }
        return users.getJsonObject(0).getString("id");
    }

    /**
     * Runs {@code action} while the ID tokens of {@code client} carry no {@code hd} claim, as a consumer Google
     * account's do not (the realm gives every user of the client standing in for Google a Workspace domain), and puts
     * the claim back after.
     */
    static void withoutHostedDomain(URI base, String client, Runnable action) {
        String token = token(base);
        URI clients = base.resolve("admin/realms/" + Keycloak.REALM + "/clients");
        String id = array(send(get(URI.create(clients + "?clientId=" + client), token))).getJsonObject(0).getString("id");
        URI mappers = URI.create(clients + "/" + id + "/protocol-mappers/models");
        jakarta.json.JsonObject hd = array(send(get(mappers, token))).getValuesAs(jakarta.json.JsonObject.class).stream()
                .filter(mapper -> mapper.getString("name").equals("hd")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no hd mapper on " + client));
        expect(204, send(HttpRequest.newBuilder(URI.create(mappers + "/" + hd.getString("id"))).header("Authorization",
                "Bearer " + token).DELETE().build()));
        try {
            action.run();
        } finally {
            // A token of its own: the master realm's last a minute, and every later Google test needs the claim back.
            String restored = Json.createObjectBuilder(hd).remove("id").build().toString();
            expect(201, send(HttpRequest.newBuilder(mappers).header("Authorization", "Bearer " + token(base))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(restored)).build()));
        }
    }

    private static HttpRequest get(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build();
    }

    private static jakarta.json.JsonArray array(HttpResponse<String> answer) {
        expect(200, answer);
        try (var reader = Json.createReader(new StringReader(answer.body()))) {
            return reader.readArray();
        }
    }

    private static void expect(int status, HttpResponse<String> answer) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException("Keycloak answered " + answer.statusCode() + ", not " + status + ": " + answer.body());
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
