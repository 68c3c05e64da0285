package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.OpaqueToken;
import ai.humane.crypto.control.PseudonymKeys;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Pseudonyms;
import ai.humane.testing.Rows;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** S1 and S7 over HTTP, with e-mails received by a real SMTP server and their links followed. */
class SignUpIT extends HttpTest {

    private static final String ENGINE = "{\"name\":\"e\",\"kind\":\"lexicon\"}";

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        People.forgetLoopback();
    }

    @Test
    void aSignUpFromANewAddressReadsButCannotWriteUntilVerified() {
        Rows.execute("DELETE FROM signup_addresses WHERE address = ?", Pseudonyms.of(PseudonymKeys.SIGNUP_ADDRESSES, "127.0.0.1"));
        String email = People.uniqueEmail("new-address");
        JsonObject created = People.signUp(api, email);
        assertTrue(created.getBoolean("verification_required"), created.toString());

        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        assertEquals(200, browser.get("api/v1/engines").status());
        Api.Answer refused = browser.write("POST", "api/v1/engines", ENGINE);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/email-verification-required", refused.problemType());
        // It may read with an access token too, which is read-only: a write with it is refused as a read key's is.
        Api.Answer readOnly = browser.write("POST", "api/v1/auth/token", "");
        assertEquals(200, readOnly.status(), readOnly.body());
        Api.Answer byToken = api.post("api/v1/engines", readOnly.json().getString("access_token"), ENGINE);
        assertEquals(403, byToken.status(), byToken.body());
        assertEquals(200, api.get("api/v1/engines", readOnly.json().getString("access_token")).status());

        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "Verify your e-mail"));
        assertEquals(204, api.post("api/v1/auth/verify-email", null, "{\"token\":\"" + token + "\"}").status());
        assertEquals(201, browser.write("POST", "api/v1/engines", ENGINE).status());
        assertEquals(400, api.post("api/v1/auth/verify-email", null, "{\"token\":\"" + token + "\"}").status(),
                "a verification token works once");
    }

    @Test
    void aSignUpFromAKnownAddressCanWriteAtOnce() {
        People.signUp(api, People.uniqueEmail("first"));
        String email = People.uniqueEmail("known-address");
        assertFalse(People.signUp(api, email).getBoolean("verification_required"));
        assertEquals(201, Browser.signIn(api, email, People.PASSWORD).write("POST", "api/v1/engines", ENGINE).status());
    }

    @Test
    void passwordsOverSeventyTwoBytesAreRefusedNotCut() {
        String email = People.uniqueEmail("long");
        Api.Answer tooLong = api.post("api/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\""
                + "p".repeat(73) + "\",\"name\":\"N\",\"organization\":\"O\"}");
        assertEquals(400, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().contains("\"field\":\"password\""), tooLong.body());
        assertEquals(null, Rows.single("SELECT id::text FROM users WHERE email = ?", email));
        assertEquals(202, api.post("api/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\""
                + "p".repeat(72) + "\",\"name\":\"N\",\"organization\":\"O\"}").status());
        Browser.signIn(api, email, "p".repeat(72));
        assertEquals(401, api.post("api/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + "p".repeat(71) + "q\"}").status());
        // bcrypt reads 72 bytes: the stored password followed by anything is not it (broken once: 200).
        assertEquals(401, api.post("api/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + "p".repeat(72) + "q\"}").status());
    }

    @Test
    void aLowerCostHashIsUpgradedAtTheNextSignIn() {
        String email = People.uniqueEmail("old-hash");
        People.signUp(api, email);
        String costTen = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(10, People.PASSWORD.toCharArray());
        Rows.execute("UPDATE people SET password_hash = ? WHERE email = ?", costTen, email);
        Browser.signIn(api, email, People.PASSWORD);
        String stored = Rows.single("SELECT password_hash FROM people WHERE email = ?", email);
        assertTrue(stored.startsWith("$2b$12$"), stored);
        Browser.signIn(api, email, People.PASSWORD);
    }

    @Test
    void aPasswordResetIsMailedAndEndsEverySession() {
        String email = People.uniqueEmail("reset");
        People.signUp(api, email);
        Browser before = Browser.signIn(api, email, People.PASSWORD);
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + email + "\"}").status());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "Reset your Humane password"));
        assertEquals(204, api.post("api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"" + token + "\",\"new_password\":\"another fine passphrase\"}").status());
        assertEquals(401, before.get("api/v1/auth/me").status());
        Browser.signIn(api, email, "another fine passphrase");
        assertEquals(400, api.post("api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"" + token + "\",\"new_password\":\"yet another passphrase\"}").status(), "single use");
    }

    /**
     * A reset link is withdrawn by a newer one and by a password change: a link someone else read from the mailbox
     * no longer takes the account once its owner has acted (broken once: each older link still set a password).
     */
    @Test
    void olderResetLinksAreWithdrawnByANewerOneAndByAPasswordChange() {
        String email = People.uniqueEmail("withdrawn");
        People.signUp(api, email);
        String first = resetLink(email, 1);
        String second = resetLink(email, 2);
        assertEquals(400, confirm(first, "a first new passphrase"), "the older link, after a newer one");
        assertEquals(204, confirm(second, "a second new passphrase"));
        String third = resetLink(email, 3);
        Browser browser = Browser.signIn(api, email, "a second new passphrase");
        assertEquals(204, browser.write("POST", "api/v1/auth/password",
                "{\"current_password\":\"a second new passphrase\",\"new_password\":\"a third new passphrase\"}").status());
        assertEquals(400, confirm(third, "an intruder's passphrase"), "a link mailed before the change");
        Browser.signIn(api, email, "a third new passphrase");
    }

    /**
     * One link redeemed by two requests at once sets one password: the second waits for the first's row and finds it
     * used (broken once: both read it unused, both 204). Both are held on the token's row until they wait together.
     */
    @Test
    void aResetLinkRedeemedTwiceAtOnceSetsOnePassword() throws Exception {
        String email = People.uniqueEmail("twice");
        People.signUp(api, email);
        String token = resetLink(email, 1);
        try (Connection holder = TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("SELECT id FROM email_tokens WHERE token_hash = ? FOR UPDATE")) {
                lock.setBytes(1, OpaqueToken.hash(token));
                lock.executeQuery();
            }
            var one = CompletableFuture.supplyAsync(() -> confirm(token, "the first racer's phrase"));
            var two = CompletableFuture.supplyAsync(() -> confirm(token, "the second racer's phrase"));
            Eventually.until("both redemptions wait on the token's row", () -> Rows.waitingOn(holder) == 2);
            holder.rollback();
            List<Integer> answers = new ArrayList<>(List.of(one.get(30, TimeUnit.SECONDS),
                    two.get(30, TimeUnit.SECONDS)));
            Collections.sort(answers);
            assertEquals(List.of(204, 400), answers);
        }
    }

    private String resetLink(String email, int nth) {
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + email + "\"}").status());
        return Mailbox.tokensTo(email, "Reset your Humane password", nth).get(nth - 1);
    }

    private int confirm(String token, String password) {
        return api.post("api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"" + token + "\",\"new_password\":\"" + password + "\"}").status();
    }

    @Test
    void aResetForAnUnknownAddressAnswersTheSameAndSendsNothing() {
        String nobody = People.uniqueEmail("nobody");
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + nobody + "\"}").status());
        assertEquals(0, Mailbox.countTo(nobody));
    }

    @Test
    void signUpBodiesAreValidated() {
        assertEquals(400, api.post("api/v1/auth/signup", null, "{\"email\":\"not-an-email\",\"password\":\""
                + People.PASSWORD + "\",\"name\":\"N\",\"organization\":\"O\"}").status());
        assertEquals(400, api.post("api/v1/auth/signup", null, "{\"email\":\"a@b.test\",\"password\":\"short\","
                + "\"name\":\"N\",\"organization\":\"O\"}").status());
        assertEquals(400, api.post("api/v1/auth/signup", null, "{\"email\":\"a@b.test\",\"role\":\"owner\"}").status());
        assertEquals(400, api.post("api/v1/auth/signup", null, "{\"email\":\"" + "a".repeat(321) + "@b.test\",\"password\":\""
                + People.PASSWORD + "\",\"name\":\"N\",\"organization\":\"O\"}").status(), "oversized");
        assertEquals(400, api.post("api/v1/auth/signup", null, "[]").status(), "not an object");
    }

    @Test
    void aTakenAddressIsAnsweredExactlyLikeANewOneAndItsOwnerIsTold() {
        String taken = People.uniqueEmail("taken");
        String ownerId = People.signUp(api, taken).getString("user_id");
        String fresh = People.uniqueEmail("fresh");

        byte[] loopback = Pseudonyms.of(PseudonymKeys.SIGNUP_ADDRESSES, "127.0.0.1");
        Rows.execute("DELETE FROM signup_addresses WHERE address = ?", loopback);
        Api.Answer again = api.post("api/v1/auth/signup", null, signUp(taken, "an attacker's passphrase", "Intruders of " + taken));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM signup_addresses WHERE address = ?", loopback),
                "the client address is remembered as for a new sign-up, so S7 cannot tell the two apart later");
        Api.Answer anew = api.post("api/v1/auth/signup", null, signUp(fresh, "a newcomer's passphrase", "Newcomers"));

        assertEquals(anew.status(), again.status());
        assertEquals(202, again.status(), again.body());
        assertEquals(anew.header("Content-Type"), again.header("Content-Type"));
        assertEquals(anew.header("Location"), again.header("Location"));
        assertEquals(anew.json().keySet(), again.json().keySet(), anew.body() + " vs " + again.body());
        assertEquals("{\"email\":\"" + taken + "\"}", again.body(), "nothing but the address it was sent");
        assertEquals("{\"email\":\"" + fresh + "\"}", anew.body());

        String notice = Mailbox.bodyOf(taken, "Someone tried to sign up");
        assertTrue(notice.contains("sign in") && notice.contains("reset your password"), notice);
        assertEquals("1", Rows.single("SELECT count(*)::text FROM users WHERE email = ?", taken));
        assertEquals(null, Rows.single("SELECT id::text FROM tenants WHERE name = ?", "Intruders of " + taken),
                "no tenant was made");
        assertEquals(ownerId, Rows.single("SELECT id::text FROM users WHERE email = ?", taken), "the owner is unchanged");
        Browser.signIn(api, taken, People.PASSWORD);
        assertEquals(401, api.post("api/v1/auth/login", null,
                "{\"email\":\"" + taken + "\",\"password\":\"an attacker's passphrase\"}").status());
        Mailbox.bodyOf(fresh, "Verify your e-mail");
        Mailbox.bodyOf(taken, "Verify your e-mail");
        assertEquals(2, Mailbox.countTo(taken), "the taken address got its own verification mail and one notice");
    }

    private static String signUp(String email, String password, String organization) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"N\",\"organization\":\""
                + organization + "\"}";
    }
}
