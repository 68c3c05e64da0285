package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One spelling of an e-mail address at sign-up, sign-in, reset and invitation: padding and capitals are the same
 * address everywhere and mail goes to the stored spelling; a Kelvin sign or a dotted capital I, which case folding
 * turns into another person's address, is refused everywhere with 400 naming the field, and nothing is stored or
 * mailed.
 */
class EmailSpellingIT extends HttpTest {

    private Api api;
    private String unique;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        People.forgetLoopback();
        unique = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPaddedCapitalisedAddressIsTheStoredOneEverywhereAndMailGoesToTheStoredSpelling() {
        String stored = "padded-" + unique + "@example.test";
        String typed = "   " + stored.toUpperCase(Locale.ROOT) + "  ";
        Api.Answer signUp = api.post("api/v1/auth/signup", null, signUpBody(typed));
        assertEquals(202, signUp.status(), signUp.body());
        assertEquals(stored, signUp.json().getString("email"));
        assertEquals(stored, Rows.single("SELECT email FROM users WHERE lower(email) = ?", stored));
        assertEquals(List.of(stored), Mailbox.spellingsTo(stored, "Verify your e-mail"));

        assertEquals(200, Browser.signIn(api, typed, People.PASSWORD).get("api/v1/auth/me").status());
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + typed + "\"}").status());
        assertEquals(List.of(stored), Mailbox.spellingsTo(stored, "Reset your Humane password"), "not the typed spelling");
        assertEquals(202, api.post("api/v1/auth/signup", null, signUpBody(" Padded-" + unique + "@Example.Test")).status());
        assertEquals(List.of(stored), Mailbox.spellingsTo(stored, "Someone tried to sign up"));
    }

    @Test
    void aPaddedCapitalisedInvitationIsStoredMailedAndJoinedInTheOneSpelling() {
        String ownerKey = Tenants.create("Spelling").apiKey();
        String stored = "invited-" + unique + "@example.test";
        Api.Answer invited = api.post("api/v1/team/invitations", ownerKey,
                "{\"email\":\"  Invited-" + unique + "@EXAMPLE.test \",\"role\":\"member\"}");
        assertEquals(201, invited.status(), invited.body());
        assertEquals(stored, invited.json().getString("email"));
        assertEquals(List.of(stored), Mailbox.spellingsTo(stored, "You are invited"));
        String token = Mailbox.tokenIn(Mailbox.bodyOf(stored, "You are invited"));
        assertEquals(201, api.post("api/v1/auth/invitations/accept", null, "{\"token\":\"" + token
                + "\",\"name\":\"N\",\"password\":\"" + People.PASSWORD + "\"}").status());
        assertEquals(stored, Rows.single("SELECT email FROM users WHERE lower(email) = ?", stored));
        Browser.signIn(api, " INVITED-" + unique + "@example.TEST", People.PASSWORD);
    }

    @Test
    void aKelvinSignNeverReachesTheAccountOfTheAddressItFoldsTo() {
        refusedEverywhere("kate", "\u212Aate");
    }

    @Test
    void aDottedCapitalINeverReachesTheAccountOfTheAddressItFoldsTo() {
        refusedEverywhere("isa", "\u0130sa");
        refusedEverywhere("tim", "t\u0130m");
    }

    /** The victim has an account; the look-alike spelling gets 400 at every door, and nothing happens to the victim. */
    private void refusedEverywhere(String name, String lookAlikeName) {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String victim = name + suffix;
        String lookAlike = lookAlikeName + suffix;
        People.signUp(api, victim);
        Mailbox.bodyOf(victim, "Verify your e-mail");
        String ownerKey = Tenants.create("LookAlike").apiKey();

        Api.Answer signIn = api.post("api/v1/auth/login", null,
                "{\"email\":\"" + lookAlike + "\",\"password\":\"" + People.PASSWORD + "\"}");
        assertRefusedField(signIn);
        assertTrue(signIn.headers().allValues("Set-Cookie").isEmpty(), "no session: " + signIn.headers());
        assertRefusedField(api.post("api/v1/auth/signup", null, signUpBody(lookAlike)));
        assertRefusedField(api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + lookAlike + "\"}"));
        assertRefusedField(api.post("api/v1/team/invitations", ownerKey,
                "{\"email\":\"" + lookAlike + "\",\"role\":\"member\"}"));

        assertEquals("1", Rows.single("SELECT count(*)::text FROM users WHERE email LIKE ?", "%" + suffix));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM invitations WHERE email LIKE ?", "%" + suffix));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE u.email = ?", victim));
        // A reset the victim asks for now is mailed after anything the refused doors could have queued.
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + victim + "\"}").status());
        Mailbox.bodyOf(victim, "Reset your Humane password");
        assertEquals(2, Mailbox.countTo(victim), "the victim's own verification and reset mails, nothing else");
    }

    private static void assertRefusedField(Api.Answer answer) {
        assertEquals(400, answer.status(), answer.body());
        assertEquals("https://humane.ai/problems/validation", answer.problemType());
        assertTrue(answer.body().contains("\"field\":\"email\""), answer.body());
        assertTrue(answer.body().contains("ASCII"), answer.body());
    }

    private static String signUpBody(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD
                + "\",\"name\":\"Spelled\",\"organization\":\"Org of " + email.strip() + "\"}";
    }
}
