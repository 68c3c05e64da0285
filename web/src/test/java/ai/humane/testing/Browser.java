package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.util.List;

/** A signed-in browser: the two cookies it holds, sent back as a browser would, CSRF header included. */
public record Browser(Api api, String email, String session, String csrf, List<String> setCookies) {

    /** Signs in and keeps the cookies the answer set. */
    public static Browser signIn(Api api, String email, String password) {
        Api.Answer login = api.post("api/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, login.status(), login.body());
        List<String> cookies = login.headers().allValues("Set-Cookie");
        return new Browser(api, email, value(cookies, "humane_session"), value(cookies, "humane_csrf"), cookies);
    }

    /** The browser that an answer which signs in (the login's or the second factor's, S8) leaves behind. */
    public static Browser of(Api api, String email, Api.Answer signedIn) {
        assertEquals(200, signedIn.status(), signedIn.body());
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        return new Browser(api, email, value(cookies, "humane_session"), value(cookies, "humane_csrf"), cookies);
    }

    public Api.Answer get(String path) {
        return api.send(api.request(path, null).header("Cookie", cookies()).GET());
    }

    /** A write with the matching CSRF header. */
    public Api.Answer write(String method, String path, String json) {
        return api.send(withBody(method, path, json).header("X-CSRF-Token", csrf));
    }

    /** A write as a forged cross-site form would send it: the cookies, but no CSRF header. */
    public Api.Answer writeWithoutCsrf(String method, String path, String json) {
        return api.send(withBody(method, path, json));
    }

    private HttpRequest.Builder withBody(String method, String path, String json) {
        return api.request(path, null).header("Cookie", cookies()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private String cookies() {
        return "humane_session=" + session + "; humane_csrf=" + csrf;
    }

    static String value(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
    }
}
