package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.UUID;

/** Signs people up through the API, each with a unique address. */
public final class People {

    public static final String PASSWORD = "correct horse battery staple";

    private People() {
    }

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** Signs up a new organization and its owner; answers the sign-up body. */
    public static JsonObject signUp(Api api, String email) {
        Api.Answer signUp = api.post("api/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\",\"name\":\"Test Person\",\"organization\":\"Org of " + email + "\"}");
        assertEquals(201, signUp.status(), signUp.body());
        return signUp.json();
    }

    /**
     * Clears the throttle's counters, so tests do not lean on each other. All of them: rows are keyed by HMAC,
     * so loopback's cannot be picked out, and the HTTP tests run one after the other.
     */
    public static void forgetLoopback() {
        Rows.execute("DELETE FROM login_throttle");
    }
}
